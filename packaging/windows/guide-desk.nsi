; Guide Desk's Windows installer: a per-user install (no administrator) of the one-folder bundle.
;
; Build (from the repository root, on Windows or Linux; see packaging/README.md):
;   makensis -NOCD -DVERSION=0.1.0 -DSOURCE=dist/guide-desk packaging/windows/guide-desk.nsi
; Without -NOCD makensis reads relative paths from this script's folder.
; Optional defines: OUTFILE (default guide-desk-<VERSION>-windows-x86_64-setup.exe), PUBLISHER.
;
; What goes where on a store PC:
;   $LOCALAPPDATA\Programs\GuideDesk    the program: guide-desk.exe (the launcher the shortcuts
;                                       start) and its _launcher\, app\state.json and
;                                       app\<version>\ (bundles side by side, updates add theirs),
;                                       downloads\, uninstall.exe
;   $LOCALAPPDATA\GuideDesk             the guides' books, settings.json, this_pc.json: never
;                                       touched here (guide_app/account/paths.py, platformdirs)
; Uninstall removes the program folder and keeps the data folder, and says where it is.

Unicode true
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "Give the version: makensis -NOCD -DVERSION=0.1.0 -DSOURCE=dist/guide-desk packaging/windows/guide-desk.nsi"
!endif
!ifndef SOURCE
  !error "Give the bundle folder: -DSOURCE=dist/guide-desk (the folder make package writes)"
!endif
!if ! /FileExists "${SOURCE}/guide-desk.exe"
  !error "${SOURCE}/guide-desk.exe is missing: build the Windows bundle first (make package), and pass -NOCD when SOURCE is relative to the repository root"
!endif
!if ! /FileExists "${SOURCE}/app/${VERSION}/guide-app.exe"
  !error "${SOURCE}/app/${VERSION}/guide-app.exe is missing: SOURCE holds another version than VERSION=${VERSION}"
!endif
!define /ifndef OUTFILE "guide-desk-${VERSION}-windows-x86_64-setup.exe"
!define /ifndef PUBLISHER "Guide Desk"
; Windows wants four numbers here; a version with a suffix passes its own (-DFILE_VERSION=0.2.0.1).
!define /ifndef FILE_VERSION "${VERSION}.0"

!define LAUNCHER "guide-desk.exe"
!define APP_EXE "guide-app.exe"
; The app's own names for things it keeps outside the program folder:
!define DATA_FOLDER_NAME "GuideDesk"       ; platformdirs user_data_dir("GuideDesk", appauthor=False)
!define DATA_FOLDER_ENV "GUIDE_APP_DATA_DIR"  ; guide_app/account/paths.py: a portable install's override
!define RUN_KEY "Software\Microsoft\Windows\CurrentVersion\Run"
!define RUN_VALUE "GuideDesk"              ; guide_app/autostart.py: "start with the system"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\GuideDesk"

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh

Name "$(AppName)"
Caption "$(AppName) ${VERSION}"
BrandingText "$(AppName) ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\GuideDesk"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${FILE_VERSION}"
VIAddVersionKey /LANG=0 "ProductName" "Guide Desk"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "FileDescription" "Guide Desk ${VERSION} Setup"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}"

Var DataDir        ; where the guides' books are: shown on the pages, never deleted
Var ShortcutName   ; the shortcuts' name in the installing language, kept for the uninstaller

!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "$(WelcomeText)"
!insertmacro MUI_PAGE_WELCOME
!define MUI_DIRECTORYPAGE_TEXT_TOP "$(DirectoryText)"
; Asked on leaving the folder page, so "Cancel" comes back to it; the section asks again for /S.
!define MUI_PAGE_CUSTOMFUNCTION_LEAVE CloseRunningApp
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${LAUNCHER}"
!define MUI_FINISHPAGE_TEXT "$(FinishText)"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "$(UninstallConfirmText)"
!define MUI_PAGE_CUSTOMFUNCTION_LEAVE un.CloseRunningApp
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!define MUI_FINISHPAGE_TEXT "$(UninstallFinishText)"
!insertmacro MUI_UNPAGE_FINISH

; The first language is the fallback; Windows' display language picks the other when it matches.
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString AppName ${LANG_SIMPCHINESE} "导购工作台"
LangString AppName ${LANG_ENGLISH} "Guide Desk"
LangString DisplayName ${LANG_SIMPCHINESE} "导购工作台 (Guide Desk)"
LangString DisplayName ${LANG_ENGLISH} "Guide Desk"
LangString WelcomeText ${LANG_SIMPCHINESE} "将为当前 Windows 用户安装导购工作台 ${VERSION}，无需管理员权限。$\r$\n$\r$\n导购的客户本和设置保存在：$\r$\n$DataDir$\r$\n安装、升级和卸载都不会删除它们。"
LangString WelcomeText ${LANG_ENGLISH} "This installs Guide Desk ${VERSION} for this Windows user; no administrator is needed.$\r$\n$\r$\nThe guides' customer books and settings are kept in:$\r$\n$DataDir$\r$\nInstalling, upgrading and uninstalling never delete them."
LangString DirectoryText ${LANG_SIMPCHINESE} "请选择一个空文件夹，或以前安装导购工作台的文件夹（升级）。卸载时会删除这个文件夹；客户本不在这里，而在 $DataDir。"
LangString DirectoryText ${LANG_ENGLISH} "Choose an empty folder, or the folder of an earlier Guide Desk (an upgrade). Uninstalling removes this folder; the customer books are not here but in $DataDir."
LangString FinishText ${LANG_SIMPCHINESE} "导购工作台 ${VERSION} 已安装。开始菜单和桌面上都有它的快捷方式。$\r$\n$\r$\n客户本和设置在：$\r$\n$DataDir"
LangString FinishText ${LANG_ENGLISH} "Guide Desk ${VERSION} is installed, with shortcuts in the Start menu and on the desktop.$\r$\n$\r$\nThe customer books and settings are in:$\r$\n$DataDir"
LangString UninstallConfirmText ${LANG_SIMPCHINESE} "将删除导购工作台的程序文件夹（包括自动更新下载的版本）、快捷方式和开机启动项。$\r$\n导购的客户本和设置会保留在 $DataDir；重新安装后即可继续使用。"
LangString UninstallConfirmText ${LANG_ENGLISH} "This removes Guide Desk's program folder (with the versions updates downloaded), its shortcuts and its start-up entry.$\r$\nThe guides' customer books and settings stay in $DataDir; a new install uses them again."
LangString UninstallFinishText ${LANG_SIMPCHINESE} "导购工作台已卸载。$\r$\n$\r$\n客户本和设置仍保存在：$\r$\n$DataDir$\r$\n如需彻底删除，请先备份，再手动删除该文件夹。"
LangString UninstallFinishText ${LANG_ENGLISH} "Guide Desk is uninstalled.$\r$\n$\r$\nThe customer books and settings are still in:$\r$\n$DataDir$\r$\nTo remove them too, back them up, then delete that folder yourself."
LangString RunningText ${LANG_SIMPCHINESE} "导购工作台正在运行。$\r$\n$\r$\n点“确定”将关闭它后继续：已保存的客户和销售都在客户本里，不会丢失；打开的窗口中尚未保存的内容会丢失。$\r$\n点“取消”则停止。"
LangString RunningText ${LANG_ENGLISH} "Guide Desk is running.$\r$\n$\r$\nOK closes it and goes on: customers and sales already saved are in the book and stay; an entry not yet saved in an open window is lost.$\r$\nCancel stops here."
LangString StillRunningText ${LANG_SIMPCHINESE} "导购工作台仍在运行，无法继续。请在托盘图标的菜单中选择“退出”，然后点“重试”。"
LangString StillRunningText ${LANG_ENGLISH} "Guide Desk is still running, so this cannot go on. Quit it from its tray icon's menu, then choose Retry."
LangString FolderRefusedText ${LANG_SIMPCHINESE} "不能安装到 $INSTDIR。请选择一个空文件夹或以前安装导购工作台的文件夹，并且不能是客户本所在的文件夹 $DataDir（也不能包含它）。"
LangString FolderRefusedText ${LANG_ENGLISH} "Guide Desk cannot be installed into $INSTDIR. Choose an empty folder or the folder of an earlier Guide Desk, apart from the customer books' folder $DataDir."

; ------------------------------------------------------------------ shared by both sides

!macro FIND_DATA_DIR un
  Function ${un}FindDataDir
    ; The app reads the same variable first; otherwise platformdirs' local app data folder.
    ReadEnvStr $DataDir "${DATA_FOLDER_ENV}"
    ${If} $DataDir == ""
      StrCpy $DataDir "$LOCALAPPDATA\${DATA_FOLDER_NAME}"
    ${EndIf}
  FunctionEnd
!macroend
!insertmacro FIND_DATA_DIR ""
!insertmacro FIND_DATA_DIR "un."

; A running program's .exe cannot be opened for writing on Windows: that is how an install of this
; folder is told to be running, whoever started it (launcher, app of any version).
!macro RUNNING_EXE un
  Function ${un}RunningExe  ; pushes the path of a running .exe of $INSTDIR, or ""
    Push $R0
    Push $R1
    Push $R2
    Push $R3
    StrCpy $R0 ""
    ${If} ${FileExists} "$INSTDIR\${LAUNCHER}"
      ClearErrors
      FileOpen $R1 "$INSTDIR\${LAUNCHER}" a
      ${If} ${Errors}
        StrCpy $R0 "$INSTDIR\${LAUNCHER}"
      ${Else}
        FileClose $R1
      ${EndIf}
    ${EndIf}
    ClearErrors
    FindFirst $R1 $R2 "$INSTDIR\app\*"
    ${DoUntil} ${Errors}
      ${If} $R0 == ""
      ${AndIf} ${FileExists} "$INSTDIR\app\$R2\${APP_EXE}"
        ClearErrors
        FileOpen $R3 "$INSTDIR\app\$R2\${APP_EXE}" a
        ${If} ${Errors}
          StrCpy $R0 "$INSTDIR\app\$R2\${APP_EXE}"
        ${Else}
          FileClose $R3
        ${EndIf}
      ${EndIf}
      ClearErrors
      FindNext $R1 $R2
    ${Loop}
    FindClose $R1
    Pop $R3
    Pop $R2
    Pop $R1
    Exch $R0
  FunctionEnd

  Function ${un}CloseRunningApp  ; asks before closing; aborts (the page, or the install) on Cancel
    Call ${un}RunningExe
    Pop $0
    ${If} $0 == ""
      Return
    ${EndIf}
    MessageBox MB_OKCANCEL|MB_ICONEXCLAMATION "$(RunningText)" /SD IDOK IDOK close
    Abort
    close:
    ; Politely first (WM_CLOSE, as when its window is closed), then for good.
    nsExec::Exec 'taskkill /IM ${APP_EXE} /IM ${LAUNCHER}'
    Pop $1
    Sleep 3000
    Call ${un}RunningExe
    Pop $0
    ${If} $0 != ""
      nsExec::Exec 'taskkill /F /IM ${APP_EXE} /IM ${LAUNCHER}'
      Pop $1
      Sleep 1000
    ${EndIf}
    retry:
    Call ${un}RunningExe
    Pop $0
    ${If} $0 != ""
      MessageBox MB_RETRYCANCEL|MB_ICONSTOP "$(StillRunningText)$\r$\n$0" /SD IDCANCEL IDRETRY retry
      Abort
    ${EndIf}
  FunctionEnd
!macroend
!insertmacro RUNNING_EXE ""
!insertmacro RUNNING_EXE "un."

; ------------------------------------------------------------------ install

Function .onInit
  Call FindDataDir
FunctionEnd

; Uninstalling removes the program folder whole, so it must be a folder of its own: empty, new,
; or an earlier Guide Desk install; never the books' folder, inside it, or around it.
Function .onVerifyInstDir
  Call InstDirRefused
  Pop $0
  ${If} $0 == 1
    Abort  ; the page's Next button stays grey
  ${EndIf}
FunctionEnd

Function InstDirRefused  ; pushes 1 when $INSTDIR may not hold the program, else 0
  Push $0
  Push $1
  Push $2
  Push $3
  StrCpy $R9 0
  Push $INSTDIR
  Push $DataDir
  Call IsSameOrWithin
  Pop $0
  Push $DataDir
  Push $INSTDIR
  Call IsSameOrWithin
  Pop $1
  ${If} $0 == 1
  ${OrIf} $1 == 1
    StrCpy $R9 1
  ${EndIf}
  ${IfNot} ${FileExists} "$INSTDIR\${LAUNCHER}"
  ${AndIf} ${FileExists} "$INSTDIR\*"
    ClearErrors
    FindFirst $2 $3 "$INSTDIR\*"
    ${DoUntil} ${Errors}
      ${If} $3 != "."
      ${AndIf} $3 != ".."
        StrCpy $R9 1  ; a folder holding other things
      ${EndIf}
      FindNext $2 $3
    ${Loop}
    FindClose $2
  ${EndIf}
  Pop $3
  Pop $2
  Pop $1
  Pop $0
  Push $R9
FunctionEnd

Function IsSameOrWithin  ; (path, folder) on the stack, folder on top -> 1 when path is folder or inside it
  Exch $R0  ; folder
  Exch
  Exch $R1  ; path
  Push $R2
  Push $R3
  StrLen $R2 $R0
  StrCpy $R3 $R1 $R2
  ${If} $R3 != $R0
    StrCpy $R0 0
  ${Else}
    StrCpy $R3 $R1 1 $R2  ; the character after the folder's name: none, or a separator
    ${If} $R3 == ""
    ${OrIf} $R3 == "\"
      StrCpy $R0 1
    ${Else}
      StrCpy $R0 0
    ${EndIf}
  ${EndIf}
  Pop $R3
  Pop $R2
  Pop $R1
  Exch $R0
FunctionEnd

Section "Guide Desk" SecProgram
  SectionIn RO
  ; A silent install (/S /D=...) skips the directory page and its check.
  Call InstDirRefused
  Pop $0
  ${If} $0 == 1
    MessageBox MB_ICONSTOP "$(FolderRefusedText)" /SD IDOK
    Abort
  ${EndIf}
  Call CloseRunningApp

  ; An upgrade replaces every version folder and the launcher's runtime: the installed version
  ; becomes the one current version (updates and rollbacks start again from here). Downloads
  ; stay for the app to reuse or prune.
  RMDir /r "$INSTDIR\app"
  RMDir /r "$INSTDIR\_launcher"
  SetOutPath "$INSTDIR"
  File /r "${SOURCE}/*"
!if ! /FileExists "${SOURCE}/app/state.json"
  ; The launcher's state, as guide_app/update/layout.py writes it for a fresh install.
  FileOpen $0 "$INSTDIR\app\state.json" w
  FileWrite $0 '{"current": "${VERSION}", "previous": null, "staged": null, "held": []}'
  FileClose $0
!endif
  CreateDirectory "$INSTDIR\downloads"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; An earlier install in another language named its shortcuts otherwise: those go.
  ReadRegStr $ShortcutName HKCU "${UNINSTALL_KEY}" "ShortcutName"
  ${If} $ShortcutName != ""
  ${AndIf} $ShortcutName != "$(AppName)"
    Delete "$SMPROGRAMS\$ShortcutName.lnk"
    Delete "$DESKTOP\$ShortcutName.lnk"
  ${EndIf}
  StrCpy $ShortcutName "$(AppName)"
  CreateShortcut "$SMPROGRAMS\$ShortcutName.lnk" "$INSTDIR\${LAUNCHER}" "" "$INSTDIR\${LAUNCHER}" 0
  CreateShortcut "$DESKTOP\$ShortcutName.lnk" "$INSTDIR\${LAUNCHER}" "" "$INSTDIR\${LAUNCHER}" 0

  ; Add/Remove programs, for this user only.
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "$(DisplayName)"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${LAUNCHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "ShortcutName" "$ShortcutName"
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

; ------------------------------------------------------------------ uninstall

Function un.onInit
  Call un.FindDataDir
FunctionEnd

Section "Uninstall"
  Call un.CloseRunningApp
  ReadRegStr $ShortcutName HKCU "${UNINSTALL_KEY}" "ShortcutName"
  ${If} $ShortcutName == ""
    StrCpy $ShortcutName "$(AppName)"
  ${EndIf}
  Delete "$SMPROGRAMS\$ShortcutName.lnk"
  Delete "$DESKTOP\$ShortcutName.lnk"
  ; "Start with the system" would start a program that is gone.
  DeleteRegValue HKCU "${RUN_KEY}" "${RUN_VALUE}"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"

  ; The program folder holds only what this installer and the app's updates put there
  ; (.onVerifyInstDir keeps it apart from $DataDir), so it goes whole: every version, every
  ; download. $DataDir is not touched.
  ${If} $INSTDIR != $DataDir
    RMDir /r /REBOOTOK "$INSTDIR"
  ${EndIf}
  DetailPrint "$(UninstallFinishText)"
SectionEnd
