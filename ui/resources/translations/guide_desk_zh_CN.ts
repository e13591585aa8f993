<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../main_window.py" line="47"/>
        <source>Guide Desk — %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="64"/>
        <source>Navigation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="66"/>
        <location filename="../../main_window.py" line="91"/>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="66"/>
        <location filename="../../main_window.py" line="93"/>
        <source>Customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="87"/>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="89"/>
        <source>Search customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="95"/>
        <source>Lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="96"/>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="97"/>
        <source>Sync problems…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="99"/>
        <source>&amp;Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="105"/>
        <source>&amp;Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../main_window.py" line="127"/>
        <source>Sync finished with %n problem(s): see the list</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="132"/>
        <source>Guide Desk</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../messages.py" line="19"/>
        <source>Something went wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="20"/>
        <source>Some of what was entered is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="21"/>
        <source>It is no longer there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="22"/>
        <source>This clashes with what is already saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="23"/>
        <source>Stopped. Nothing half-done was kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="24"/>
        <source>This can only be read here, not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="25"/>
        <source>The customer book on this PC is damaged. Restore a backup to go on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="28"/>
        <source>The customer book on this PC is missing, but backups of it exist. Restore one, or start empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="32"/>
        <source>That backup is damaged. Your current book was not touched; pick another backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="35"/>
        <source>That backup is no longer there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="36"/>
        <source>The customer book is open in another window. Close it there and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="39"/>
        <source>That is not an HQ address. It looks like https://hq.example.cn or 192.168.1.10:8710.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="42"/>
        <source>This customer is no longer in the book.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="43"/>
        <source>A name is needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="44"/>
        <source>The name is too long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="45"/>
        <source>Gender must be male, female or left empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="46"/>
        <source>That is not a mobile number: it needs 11 digits starting with 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="49"/>
        <source>That date is not possible.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="50"/>
        <source>The text is too long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="51"/>
        <source>That field cannot be changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="52"/>
        <source>A customer cannot be merged with themselves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="53"/>
        <source>That tag is no longer there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="54"/>
        <source>A tag name needs 1 to 20 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="55"/>
        <source>The customer does not have that tag.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="56"/>
        <source>That follow-up is no longer there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="57"/>
        <source>That follow-up is already done or cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="58"/>
        <source>This order number is already recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="59"/>
        <source>The sale&apos;s time is in the future.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="60"/>
        <source>The sale is not complete or not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="61"/>
        <source>This sale cannot be credited to you under HQ&apos;s rules.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="64"/>
        <source>That content is no longer in the library.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="65"/>
        <source>That task is no longer there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="66"/>
        <source>That customer is no longer on this task.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="67"/>
        <source>The count must be 0 or more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="68"/>
        <source>This task counts by customer: tick its customers instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="71"/>
        <source>The file cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="72"/>
        <source>This is not an .xlsx workbook. Save it as .xlsx in Excel or WPS and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="75"/>
        <source>The file is too large to import.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="76"/>
        <source>The workbook has no such sheet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="77"/>
        <source>No header row was found: the first rows should name the columns (姓名, 手机…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="80"/>
        <source>The workbook is damaged inside. Open it in Excel or WPS, save it again, and retry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="83"/>
        <source>The file unpacks far larger than any real workbook and was refused to protect this PC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="86"/>
        <source>Skipped: a customer with this phone is already in the book.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="89"/>
        <source>Repeated in the file: merged into the first row with this phone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="92"/>
        <source>Skipped: a totals row, not a customer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="93"/>
        <source>A formula without a saved value: its text was kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="96"/>
        <source>A formula without a saved value: the cell was left empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="99"/>
        <source>The date could be read more than one way, so it was not guessed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="102"/>
        <source>HQ cannot be reached. Everything is kept on this PC and goes with the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="105"/>
        <source>HQ is not answering in time. Everything is kept on this PC; sync will try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="108"/>
        <source>Your sign-in to HQ has expired. Sign out and in again to sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="111"/>
        <source>Enter your password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="112"/>
        <source>This login is not a store guide&apos;s. Managers and HQ use their own workspaces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="115"/>
        <source>HQ refused the request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="116"/>
        <source>HQ sent an answer this app cannot read; nothing on this PC was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="119"/>
        <source>HQ sent an answer larger than allowed; nothing on this PC was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="122"/>
        <source>A downloaded file did not match HQ&apos;s fingerprint and was thrown away; it will be fetched again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="129"/>
        <source>A task from HQ cannot be read by this version of the app and was left out. Update the app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="133"/>
        <source>HQ refused an upload. Check it and record it again if it was a mistake.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="136"/>
        <source>HQ already holds a different record under this id and kept the first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="139"/>
        <source>Another guide of your store claimed this order first. Your manager decides who is credited.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="143"/>
        <source>A content file could not be downloaded. It is tried again at the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="149"/>
        <source>waiting to upload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="150"/>
        <source>counted at HQ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="151"/>
        <source>disputed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../messages.py" line="152"/>
        <source>refused by HQ</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncBar</name>
    <message>
        <location filename="../../views/sync_bar.py" line="21"/>
        <source>Fetching HQ&apos;s changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../views/sync_bar.py" line="22"/>
        <source>Uploading sales and progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../views/sync_bar.py" line="23"/>
        <source>Downloading content files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../views/sync_bar.py" line="24"/>
        <source>Laying out today&apos;s tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../views/sync_bar.py" line="25"/>
        <source>Updating customer stages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../views/sync_bar.py" line="26"/>
        <source>Reading the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../views/sync_bar.py" line="27"/>
        <source>Saving customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../views/sync_bar.py" line="28"/>
        <source>Writing the workbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../views/sync_bar.py" line="38"/>
        <source>today %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../views/sync_bar.py" line="40"/>
        <source>yesterday %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../views/sync_bar.py" line="50"/>
        <source>Offline: your work is kept on this PC and uploads when HQ can be reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../views/sync_bar.py" line="58"/>
        <source>last synced %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../views/sync_bar.py" line="61"/>
        <source>not synced yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../views/sync_bar.py" line="64"/>
        <source>%n waiting to upload</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../views/sync_bar.py" line="82"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../views/sync_bar.py" line="83"/>
        <source>Stop syncing at the next safe point</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../views/sync_bar.py" line="113"/>
        <source>%n sync problem(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../views/sync_bar.py" line="126"/>
        <source>Syncing…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
