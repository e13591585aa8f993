<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>A library Guide Desk is built with.</source>
        <translation>导购工作台所用的程序库。</translation>
    </message>
    <message>
        <source>The Qt libraries draw Guide Desk&apos;s windows. They are used unmodified under the GNU LGPL version 3: they are the Qt6 library files in the program folder, and a compatible build of them may replace those files. Qt&apos;s source code is at the address below.</source>
        <translation>导购工作台的窗口由 Qt 程序库绘制。Qt 按 GNU LGPL 第 3 版原样使用：即程序文件夹中的 Qt6 库文件，可用兼容的自行编译版本替换。Qt 的源代码见下方地址。</translation>
    </message>
    <message>
        <source>The Python runtime the program carries.</source>
        <translation>程序自带的 Python 运行环境。</translation>
    </message>
    <message>
        <source>A library built into the Python runtime.</source>
        <translation>Python 运行环境内置的程序库。</translation>
    </message>
    <message>
        <source>About Guide Desk</source>
        <translation>关于导购工作台</translation>
    </message>
    <message>
        <source>%1 version %2</source>
        <translation>%1 版本 %2</translation>
    </message>
    <message>
        <source>Level %1 (HQ checks it before every sync)</source>
        <translation>第 %1 级（每次同步前总部都会核对）</translation>
    </message>
    <message>
        <source>Sync protocol:</source>
        <translation>同步协议：</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>&amp;HQ address:</source>
        <translation>总部地址(&amp;H)：</translation>
    </message>
    <message>
        <source>Books, backups and settings; uninstalling keeps them.</source>
        <translation>客户簿、备份和设置都在这里；卸载时会保留。</translation>
    </message>
    <message>
        <source>&amp;Open folder</source>
        <translation>打开文件夹(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Data folder:</source>
        <translation>数据文件夹(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Components and their licences (select one to read its licence):</source>
        <translation>组件及其许可证（选中一项即可阅读许可证）(&amp;C)：</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>组件</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>Reading the licence notices…</source>
        <translation>正在读取许可证声明…</translation>
    </message>
    <message>
        <source>not stated</source>
        <translation>未注明</translation>
    </message>
    <message>
        <source>%1 ships no licence file. Its licence: %2.</source>
        <translation>%1 未附带许可证文件。其许可证为：%2。</translation>
    </message>
</context>
<context>
    <name>AccountDialog</name>
    <message>
        <source>New account</source>
        <translation>新建账号</translation>
    </message>
    <message>
        <source>Edit account</source>
        <translation>编辑账号</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>账号(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>角色(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Store:</source>
        <translation>门店(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Password a&amp;gain:</source>
        <translation>再次输入密码(&amp;G)：</translation>
    </message>
    <message>
        <source>Re&amp;gion:</source>
        <translation>区域(&amp;G)：</translation>
    </message>
</context>
<context>
    <name>AmendSaleDialog</name>
    <message>
        <source>Correct the amount</source>
        <translation>更正金额</translation>
    </message>
    <message>
        <source>&amp;Amount paid (¥)</source>
        <translation>实付金额(¥)(&amp;A)</translation>
    </message>
    <message>
        <source>e.g. typed 1299 for 1199; one item came back</source>
        <translation>例如：1199 误录成 1299；退了一件</translation>
    </message>
    <message>
        <source>Save correction</source>
        <translation>保存更正</translation>
    </message>
</context>
<context>
    <name>BookProblemDialog</name>
    <message>
        <source>Your customer book</source>
        <translation>您的客户通讯录</translation>
    </message>
    <message>
        <source>Backups of your book on this PC, newest first:</source>
        <translation>本机上的客户通讯录备份（最新的在前）：</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户数</translation>
    </message>
    <message>
        <source>Start an empty book</source>
        <translation>从空通讯录开始</translation>
    </message>
    <message>
        <source>Restore this backup</source>
        <translation>恢复这份备份</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Choose a backup first.</source>
        <translation>请先选一份备份。</translation>
    </message>
    <message>
        <source>Start an empty book?</source>
        <translation>从空通讯录开始吗？</translation>
    </message>
    <message>
        <source>Your book starts with no customers. The backups stay on this PC, and IT staff can still restore one later.</source>
        <translation>客户通讯录将从零开始，没有任何客户。备份仍保留在本机，以后 IT 同事仍可恢复。</translation>
    </message>
    <message>
        <source>cannot be read (damaged)</source>
        <translation>无法读取（已损坏）</translation>
    </message>
    <message>
        <source>%n customer(s)</source>
        <translation>%n 位客户</translation>
    </message>
</context>
<context>
    <name>BulkFollowUpDialog</name>
    <message>
        <source>Plan a follow-up for several customers</source>
        <translation>为多位客户安排跟进</translation>
    </message>
    <message numerus="yes">
        <source>Follow up with %n selected customer(s)</source>
        <translation>
            <numerusform>跟进选中的 %n 位客户</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BulkTagDialog</name>
    <message>
        <source>Tag customers</source>
        <translation>打标签</translation>
    </message>
    <message numerus="yes">
        <source>Give a tag to %n selected customer(s)</source>
        <translation>
            <numerusform>给选中的 %n 位客户打标签</numerusform>
        </translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>…or type a new tag of your own</source>
        <translation>…或输入一个新的个人标签</translation>
    </message>
    <message>
        <source>New tag</source>
        <translation>新标签</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Customers keep one tag of “%1”: this one replaces the one they have.</source>
        <translation>“%1”每位客户只能有一个标签：新选的会替换客户原有的。</translation>
    </message>
</context>
<context>
    <name>CheckPage</name>
    <message>
        <source>Check the rows before importing</source>
        <translation>导入前检查各行</translation>
    </message>
    <message>
        <source>Every row that will not be imported as it is, with its row number.</source>
        <translation>下面列出所有不会原样导入的行及其行号。</translation>
    </message>
    <message>
        <source>Import the &amp;good rows, skip the bad ones</source>
        <translation>导入没问题的行，跳过有问题的行(&amp;G)</translation>
    </message>
    <message>
        <source>Import &amp;nothing unless every row is good</source>
        <translation>只要有一行有问题，就全部不导入(&amp;N)</translation>
    </message>
    <message numerus="yes">
        <source>Import &amp;nothing unless every row is good (%n row(s) have problems now)</source>
        <translation>
            <numerusform>只要有一行有问题，就全部不导入(&amp;N)（目前有 %n 行有问题）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message>
        <source>SOP</source>
        <translation>SOP任务</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>经理任务</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Overdue: it was due at %1</source>
        <translation>已逾期：到期时间 %1</translation>
    </message>
    <message>
        <source>Enter: go to its customers</source>
        <translation>Enter：查看目标客户</translation>
    </message>
</context>
<context>
    <name>CompleteFollowUpDialog</name>
    <message>
        <source>Complete follow-up</source>
        <translation>完成跟进</translation>
    </message>
    <message>
        <source>%1 with %2</source>
        <translation>%1跟进：%2</translation>
    </message>
    <message>
        <source>What came of it, e.g. size M fits, will visit Saturday</source>
        <translation>结果如何，例如 M 码合适，周六来店</translation>
    </message>
    <message>
        <source>&amp;Outcome</source>
        <translation>结果(&amp;O)</translation>
    </message>
    <message>
        <source>Write what came of it: it goes onto the customer&apos;s timeline.</source>
        <translation>请填写结果：它会记入客户动态。</translation>
    </message>
</context>
<context>
    <name>ContentEditor</name>
    <message>
        <source>Give the item a title guides will recognise.</source>
        <translation>请填写一个导购一看就懂的标题。</translation>
    </message>
    <message>
        <source>At most 200 characters.</source>
        <translation>最多 200 个字。</translation>
    </message>
    <message>
        <source>One line only: no line breaks or tabs.</source>
        <translation>只能写一行：不能有换行或制表符。</translation>
    </message>
    <message>
        <source>A script is its words: type them here.</source>
        <translation>话术就是文字内容：请在这里输入。</translation>
    </message>
    <message>
        <source>At most 20,000 characters.</source>
        <translation>最多 20,000 个字。</translation>
    </message>
    <message>
        <source>Choose the file guides will send.</source>
        <translation>请选择导购要发送的文件。</translation>
    </message>
    <message>
        <source>The file is still on its way to HQ: wait until its size shows.</source>
        <translation>文件还在上传到总部：请等显示出文件大小后再继续。</translation>
    </message>
    <message>
        <source>Type the web address guides will send.</source>
        <translation>请填写导购要发送的网址。</translation>
    </message>
    <message>
        <source>A web address starts with http:// or https:// and has no spaces.</source>
        <translation>网址须以 http:// 或 https:// 开头，且不能有空格。</translation>
    </message>
    <message>
        <source>Type the product&apos;s SKU (货号).</source>
        <translation>请填写商品货号。</translation>
    </message>
    <message>
        <source>At most 64 characters.</source>
        <translation>最多 64 个字符。</translation>
    </message>
    <message>
        <source>Type the product&apos;s name.</source>
        <translation>请填写商品名称。</translation>
    </message>
    <message>
        <source>Type the price in yuan, e.g. 1299 or 1299.50.</source>
        <translation>请以元为单位填写价格，例如 1299 或 1299.50。</translation>
    </message>
    <message>
        <source>At most 100 characters.</source>
        <translation>最多 100 个字。</translation>
    </message>
    <message>
        <source>Tick at least one region or store.</source>
        <translation>请至少勾选一个区域或门店。</translation>
    </message>
    <message>
        <source>“Until” must be later than “from”.</source>
        <translation>“有效期至”必须晚于“有效期起”。</translation>
    </message>
    <message>
        <source>Every store</source>
        <translation>所有门店</translation>
    </message>
    <message>
        <source>Chosen regions</source>
        <translation>指定区域</translation>
    </message>
    <message>
        <source>Chosen stores</source>
        <translation>指定门店</translation>
    </message>
    <message>
        <source>New library item</source>
        <translation>新建素材</translation>
    </message>
    <message>
        <source>Edit library item</source>
        <translation>编辑素材</translation>
    </message>
    <message>
        <source>&amp;Publish</source>
        <translation>发布(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Check and send to HQ (Enter, or Ctrl+Enter in the words)</source>
        <translation>检查后提交到总部（Enter；在文字框中按 Ctrl+Enter）</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>类型(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>标题(&amp;T)</translation>
    </message>
    <message>
        <source>e.g. 双十一, 春季上新</source>
        <translation>例如 双十一、春季上新</translation>
    </message>
    <message>
        <source>Ca&amp;mpaign</source>
        <translation>活动(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Words</source>
        <translation>文字(&amp;W)</translation>
    </message>
    <message>
        <source>Insert %1</source>
        <translation>插入 %1</translation>
    </message>
    <message>
        <source>Put %1 where the cursor is</source>
        <translation>在光标处插入 %1</translation>
    </message>
    <message>
        <source>When a guide copies the words for a customer, {称呼} becomes how to address them (王女士), {姓} their family name (王) and {姓名} their full name (王丽娟). A customer without a name is addressed as 亲.</source>
        <translation>导购为某位客户复制文字时，{称呼} 会换成对客户的称呼（王女士），{姓} 换成客户的姓（王），{姓名} 换成客户的全名（王丽娟）。没有姓名的客户称呼为“亲”。</translation>
    </message>
    <message>
        <source>The file&apos;s path, or Choose…</source>
        <translation>文件路径，或点击选择…</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>选择(&amp;H)…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Address</source>
        <translation>网址(&amp;A)</translation>
    </message>
    <message>
        <source>SK&amp;U</source>
        <translation>货号(&amp;U)</translation>
    </message>
    <message>
        <source>Product &amp;name</source>
        <translation>商品名称(&amp;N)</translation>
    </message>
    <message>
        <source>yuan, e.g. 1299.00</source>
        <translation>元，例如 1299.00</translation>
    </message>
    <message>
        <source>Pri&amp;ce (¥)</source>
        <translation>价格(¥)(&amp;C)</translation>
    </message>
    <message>
        <source>T&amp;ags (HQ&apos;s tag groups; Space ticks)</source>
        <translation>标签（企业标签组；Space 勾选）(&amp;A)</translation>
    </message>
    <message>
        <source>Au&amp;dience</source>
        <translation>适用范围(&amp;D)</translation>
    </message>
    <message>
        <source>Regions or stores</source>
        <translation>区域或门店</translation>
    </message>
    <message>
        <source>Suits customers who are (none ticked: everyone)</source>
        <translation>适合以下阶段的客户（都不勾选：所有客户）</translation>
    </message>
    <message>
        <source>Valid f&amp;rom</source>
        <translation>有效期起(&amp;R)</translation>
    </message>
    <message>
        <source>Valid unti&amp;l</source>
        <translation>有效期至(&amp;L)</translation>
    </message>
    <message>
        <source>In this PC&apos;s local time; guides cannot send an item outside its dates.</source>
        <translation>按本机时间；超出有效期的素材导购无法发送。</translation>
    </message>
    <message>
        <source>HQ holds this item&apos;s file (%1, %2). Choose another file to replace it.</source>
        <translation>总部已存有此素材的文件（%1，%2）。如需替换，请选择其他文件。</translation>
    </message>
    <message>
        <source>&amp;Words (the script)</source>
        <translation>文字（话术内容）(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Words (optional caption)</source>
        <translation>文字（配文，可不填）(&amp;W)</translation>
    </message>
    <message>
        <source>Choose the file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>Pictures and videos (*.jpg *.jpeg *.png *.gif *.webp *.mp4 *.mov);;All files (*)</source>
        <translation>图片和视频 (*.jpg *.jpeg *.png *.gif *.webp *.mp4 *.mov);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Sending the file to HQ…</source>
        <translation>正在把文件上传到总部…</translation>
    </message>
    <message>
        <source>At HQ: %1, %2.</source>
        <translation>已在总部：%1，%2。</translation>
    </message>
    <message>
        <source>Reading the video…</source>
        <translation>正在读取视频…</translation>
    </message>
    <message>
        <source>No picture to show</source>
        <translation>没有可显示的图片</translation>
    </message>
</context>
<context>
    <name>ContentModel</name>
    <message>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Poster</source>
        <translation>海报</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>Product card</source>
        <translation>商品卡片</translation>
    </message>
    <message>
        <source>Script</source>
        <translation>话术</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>链接</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Not yet valid</source>
        <translation>未生效</translation>
    </message>
</context>
<context>
    <name>ContentPreview</name>
    <message>
        <source>Words to paste</source>
        <translation>要粘贴的文字</translation>
    </message>
    <message>
        <source>&amp;Retry download</source>
        <translation>重新下载(&amp;R)</translation>
    </message>
    <message>
        <source>Fetch this file from HQ again (Ctrl+R)</source>
        <translation>重新从总部获取这个文件（Ctrl+R）</translation>
    </message>
    <message>
        <source>For &amp;customer…</source>
        <translation>为客户填写(&amp;C)…</translation>
    </message>
    <message>
        <source>Fill %1 in for one customer (Ctrl+K)</source>
        <translation>为一位客户填入 %1（Ctrl+K）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Copy &amp;text</source>
        <translation>复制文字(&amp;T)</translation>
    </message>
    <message>
        <source>Copy the words to paste in WeCom (Ctrl+C)</source>
        <translation>复制文字，粘贴到企业微信（Ctrl+C）</translation>
    </message>
    <message>
        <source>Copy &amp;picture</source>
        <translation>复制图片(&amp;P)</translation>
    </message>
    <message>
        <source>Copy the picture to paste in WeCom (Ctrl+Shift+C)</source>
        <translation>复制图片，粘贴到企业微信（Ctrl+Shift+C）</translation>
    </message>
    <message>
        <source>Copy &amp;both</source>
        <translation>图文一起复制(&amp;B)</translation>
    </message>
    <message>
        <source>Copy the picture and its words together (Ctrl+B)</source>
        <translation>图片和文字一起复制（Ctrl+B）</translation>
    </message>
    <message>
        <source>&amp;Send to…</source>
        <translation>发送给(&amp;S)…</translation>
    </message>
    <message>
        <source>Log that you sent it to customers (Ctrl+Enter)</source>
        <translation>记录已发给哪些客户（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>&amp;Open in player</source>
        <translation>用播放器打开(&amp;O)</translation>
    </message>
    <message>
        <source>Play the video in this PC&apos;s player</source>
        <translation>用本机的播放器播放视频</translation>
    </message>
    <message>
        <source>Choose an item on the left</source>
        <translation>请在左边选择一项素材</translation>
    </message>
    <message>
        <source>valid until %1</source>
        <translation>有效期至 %1</translation>
    </message>
    <message>
        <source>SKU %1</source>
        <translation>货号 %1</translation>
    </message>
    <message>
        <source>Duration %1</source>
        <translation>时长 %1</translation>
    </message>
    <message>
        <source>File %1</source>
        <translation>文件 %1</translation>
    </message>
    <message>
        <source>Downloading: %1 of %2</source>
        <translation>正在下载：%1 / %2</translation>
    </message>
    <message>
        <source>Not downloaded: %1 HQ or the network said: %2</source>
        <translation>未下载：%1 总部或网络返回：%2</translation>
    </message>
    <message>
        <source>Not on this PC yet: it comes with the next sync, or fetch it now.</source>
        <translation>本机还没有这个文件：下次同步时会下载，也可以现在获取。</translation>
    </message>
    <message>
        <source>%1 are filled in for the customer you choose.</source>
        <translation>%1 会按你选择的客户填入。</translation>
    </message>
    <message>
        <source>For %1</source>
        <translation>给 %1</translation>
    </message>
    <message>
        <source>The picture is not ready yet: wait for it to show, then copy.</source>
        <translation>图片还没准备好：等它显示出来再复制。</translation>
    </message>
    <message>
        <source>Copied “%1”: paste it in WeCom.</source>
        <translation>已复制“%1”：可粘贴到企业微信。</translation>
    </message>
</context>
<context>
    <name>ContentView</name>
    <message>
        <source>Content library</source>
        <translation>素材库</translation>
    </message>
    <message>
        <source>Ctrl+C: copy text · Ctrl+Shift+C: copy picture · Ctrl+B: both · Ctrl+Enter: send to…</source>
        <translation>Ctrl+C 复制文字 · Ctrl+Shift+C 复制图片 · Ctrl+B 图文一起 · Ctrl+Enter 发送给…</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Fetch HQ&apos;s content library (F5)</source>
        <translation>获取总部素材库（F5）</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <source>Title, campaign, words or tag</source>
        <translation>标题、活动、文字或标签</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>All campaigns</source>
        <translation>全部活动</translation>
    </message>
    <message>
        <source>All tags</source>
        <translation>全部标签</translation>
    </message>
    <message>
        <source>&amp;Valid now</source>
        <translation>当前有效(&amp;V)</translation>
    </message>
    <message>
        <source>Untick to see expired and not-yet-valid items too (marked)</source>
        <translation>取消勾选可同时查看已过期和未生效的素材（有标记）</translation>
    </message>
    <message>
        <source>Find content</source>
        <translation>查找素材</translation>
    </message>
    <message>
        <source>Copy text</source>
        <translation>复制文字</translation>
    </message>
    <message>
        <source>Copy picture</source>
        <translation>复制图片</translation>
    </message>
    <message>
        <source>Copy picture and text</source>
        <translation>图文一起复制</translation>
    </message>
    <message>
        <source>Send to…</source>
        <translation>发送给…</translation>
    </message>
    <message>
        <source>Copy for customer…</source>
        <translation>为客户复制…</translation>
    </message>
    <message>
        <source>Retry download</source>
        <translation>重新下载</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n item(s)</source>
        <translation>
            <numerusform>%1 / 共 %n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing matches. Clear the search or the filters.</source>
        <translation>没有符合的素材。请清空搜索或筛选条件。</translation>
    </message>
    <message>
        <source>The library is empty. Sync (F5) to fetch HQ&apos;s content.</source>
        <translation>素材库是空的。同步（F5）获取总部素材。</translation>
    </message>
    <message numerus="yes">
        <source>Logged on %n customer(s)&apos; timeline.</source>
        <translation>
            <numerusform>已记入 %n 位客户的动态。</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1” names no customer: copy it as it is (Ctrl+C).</source>
        <translation>“%1”不含客户称呼：直接复制即可（Ctrl+C）。</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Order %1 · %2 · sold %3 · %4</source>
        <translation>订单 %1 · %2 · 售于 %3 · %4</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>Say why: your manager and HQ see it with the correction.</source>
        <translation>请写明原因：区域经理和总部会随更正一起看到。</translation>
    </message>
</context>
<context>
    <name>CreditDialog</name>
    <message>
        <source>Credit order %1</source>
        <translation>订单 %1 的业绩归属</translation>
    </message>
    <message>
        <source>Credit order %1 (%2) to %3. Why?</source>
        <translation>将订单 %1（%2）的业绩归属给 %3。原因是？</translation>
    </message>
    <message>
        <source>e.g. the receipt shows she served the customer</source>
        <translation>例如 小票显示是她接待的这位客户</translation>
    </message>
    <message>
        <source>Credit to %1</source>
        <translation>归属给 %1</translation>
    </message>
</context>
<context>
    <name>CustomerDetailDialog</name>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>&amp;Save (Ctrl+S)</source>
        <translation>保存(&amp;S)（Ctrl+S）</translation>
    </message>
    <message>
        <source>&amp;Profile</source>
        <translation>资料(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Tags</source>
        <translation>标签(&amp;T)</translation>
    </message>
    <message>
        <source>T&amp;imeline</source>
        <translation>客户动态(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Follow-ups</source>
        <translation>跟进(&amp;F)</translation>
    </message>
    <message>
        <source>S&amp;ales</source>
        <translation>销售(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Out of lists and tasks; can be restored</source>
        <translation>从列表和任务中移除，之后可以恢复</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <source>P&amp;urge…</source>
        <translation>彻底删除(&amp;U)…</translation>
    </message>
    <message>
        <source>Erase this customer for good, at their request</source>
        <translation>应客户本人要求，彻底删除此客户</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message>
        <source>Customer — %1</source>
        <translation>客户 — %1</translation>
    </message>
    <message>
        <source>no phone</source>
        <translation>无手机号</translation>
    </message>
    <message>
        <source>Stage: %1</source>
        <translation>客户阶段：%1</translation>
    </message>
    <message>
        <source>Segment: %1</source>
        <translation>RFM分层：%1</translation>
    </message>
    <message numerus="yes">
        <source>Spent %1 in %n purchase(s)</source>
        <translation>
            <numerusform>消费 %1，共 %n 次购买</numerusform>
        </translation>
    </message>
    <message>
        <source>This customer is deleted: they are out of your lists and tasks. Restore them to go on, or purge them for good.</source>
        <translation>此客户已删除，不再出现在列表和任务中。恢复后可继续跟进，也可以彻底删除。</translation>
    </message>
    <message>
        <source>This customer is no longer in the book.</source>
        <translation>客户通讯录里已没有此客户。</translation>
    </message>
    <message>
        <source>this customer</source>
        <translation>此客户</translation>
    </message>
    <message>
        <source>Erase %1 for good?</source>
        <translation>彻底删除 %1 吗？</translation>
    </message>
    <message>
        <source>This goes, and cannot be undone: the profile (name, phone, WeCom remark, birthday, gender, source, notes), the timeline, the follow-ups, the tags and the task-list entries for this customer.</source>
        <translation>以下内容将被删除，且无法撤销：此客户的资料（姓名、手机号、企微备注、生日、性别、来源、备注）、客户动态、跟进、标签，以及任务清单中的相关条目。</translation>
    </message>
    <message numerus="yes">
        <source>This stays: the %n sale record(s) (%1), so HQ keeps counting them for your commission. They stay on this PC without any name or phone; HQ never had either.</source>
        <translation>
            <numerusform>以下内容会保留：%n 条销售记录（%1），总部会继续计入您的提成。这些记录留在本机，但不再带姓名和手机号；总部从未收到过这两项。</numerusform>
        </translation>
    </message>
    <message>
        <source>This customer has no recorded sales, so nothing of them stays.</source>
        <translation>此客户没有销售记录，因此不会保留任何内容。</translation>
    </message>
    <message>
        <source>Purge customer</source>
        <translation>彻底删除客户</translation>
    </message>
    <message>
        <source>Erase for good</source>
        <translation>彻底删除</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <source>Save the changes to %1&apos;s profile before closing?</source>
        <translation>关闭前要保存对 %1 资料的修改吗？</translation>
    </message>
</context>
<context>
    <name>CustomerFilters</name>
    <message>
        <source>Filters</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>客户阶段</translation>
    </message>
    <message>
        <source>RFM segment</source>
        <translation>RFM分层</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Has all ticked tags</source>
        <translation>包含所有勾选的标签</translation>
    </message>
    <message>
        <source>Has any ticked tag</source>
        <translation>包含任一勾选的标签</translation>
    </message>
    <message>
        <source>Has none of them</source>
        <translation>不含勾选的标签</translation>
    </message>
    <message>
        <source>How ticked tags match</source>
        <translation>勾选标签的匹配方式</translation>
    </message>
    <message>
        <source>Tags to filter by</source>
        <translation>用于筛选的标签</translation>
    </message>
    <message>
        <source>No tags yet.</source>
        <translation>还没有标签。</translation>
    </message>
</context>
<context>
    <name>CustomerForm</name>
    <message>
        <source>Not given</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>e.g. Ms Wang-0512-down jacket M</source>
        <translation>例如 王姐-0512-羽绒服M</translation>
    </message>
    <message>
        <source>e.g. store QR code, live stream, referral</source>
        <translation>例如 门店扫码、直播、老带新</translation>
    </message>
    <message>
        <source>Agrees to receive marketing messages</source>
        <translation>同意接收营销消息</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>姓名(&amp;N)</translation>
    </message>
    <message>
        <source>P&amp;hone</source>
        <translation>手机号(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;WeCom remark</source>
        <translation>企微备注(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Birthday</source>
        <translation>生日(&amp;B)</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>S&amp;ource</source>
        <translation>来源(&amp;O)</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>营销授权</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>CustomerPicker</name>
    <message>
        <source>Name, pinyin, initials or the phone&apos;s last digits</source>
        <translation>姓名、拼音、首字母或手机尾号</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Matching customers</source>
        <translation>匹配的客户</translation>
    </message>
</context>
<context>
    <name>CustomerSummary</name>
    <message>
        <source>Notes: %1</source>
        <translation>备注：%1</translation>
    </message>
    <message>
        <source>Last contact: never</source>
        <translation>上次联系：从未</translation>
    </message>
    <message>
        <source>Last contact: %1</source>
        <translation>上次联系：%1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>No open follow-ups</source>
        <translation>没有待办跟进</translation>
    </message>
    <message numerus="yes">
        <source>Open follow-ups (%n):</source>
        <translation>
            <numerusform>待办跟进（%n）：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more (Ctrl+O)</source>
        <translation>
            <numerusform>…… 还有 %n 条（Ctrl+O）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomerWords</name>
    <message>
        <source>New</source>
        <translation>新客</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>活跃</translation>
    </message>
    <message>
        <source>Dormant</source>
        <translation>沉睡</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>流失</translation>
    </message>
    <message>
        <source>High value</source>
        <translation>高价值</translation>
    </message>
    <message>
        <source>Loyal</source>
        <translation>忠诚</translation>
    </message>
    <message>
        <source>Promising</source>
        <translation>有潜力</translation>
    </message>
    <message>
        <source>First purchase</source>
        <translation>首购</translation>
    </message>
    <message>
        <source>At risk</source>
        <translation>流失风险</translation>
    </message>
    <message>
        <source>Hibernating</source>
        <translation>休眠</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Store visit</source>
        <translation>到店</translation>
    </message>
    <message>
        <source>Purchase</source>
        <translation>购买</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Content sent</source>
        <translation>发送素材</translation>
    </message>
    <message>
        <source>Planned by you</source>
        <translation>自己安排</translation>
    </message>
    <message>
        <source>SOP task</source>
        <translation>SOP任务</translation>
    </message>
    <message>
        <source>From your manager</source>
        <translation>经理安排</translation>
    </message>
    <message>
        <source>Your customer</source>
        <translation>您的客户</translation>
    </message>
    <message>
        <source>You served them last</source>
        <translation>您最近服务过</translation>
    </message>
</context>
<context>
    <name>CustomersModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>WeCom remark</source>
        <translation>企微备注</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>客户阶段</translation>
    </message>
    <message>
        <source>RFM segment</source>
        <translation>RFM分层</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <source>Last purchase</source>
        <translation>最近购买</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>消费金额</translation>
    </message>
</context>
<context>
    <name>CustomersView</name>
    <message>
        <source>Name (pinyin)</source>
        <translation>姓名（拼音）</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>最近联系</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>消费金额</translation>
    </message>
    <message>
        <source>Last purchase</source>
        <translation>最近购买</translation>
    </message>
    <message>
        <source>Newest added</source>
        <translation>最新添加</translation>
    </message>
    <message>
        <source>Search name, phone, remark, notes or pinyin initials</source>
        <translation>搜索姓名、手机号、企微备注、备注或拼音首字母</translation>
    </message>
    <message>
        <source>Search customers</source>
        <translation>搜索客户</translation>
    </message>
    <message>
        <source>Sort by</source>
        <translation>排序方式</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Sort:</source>
        <translation>排序：</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Tag…</source>
        <translation>打标签…</translation>
    </message>
    <message>
        <source>Tag the selected customers (Ctrl+T)</source>
        <translation>给选中的客户打标签（Ctrl+T）</translation>
    </message>
    <message>
        <source>Plan follow-up…</source>
        <translation>安排跟进…</translation>
    </message>
    <message>
        <source>Export this list…</source>
        <translation>导出此列表…</translation>
    </message>
    <message>
        <source>Import customers…</source>
        <translation>导入客户…</translation>
    </message>
    <message>
        <source>Find duplicates…</source>
        <translation>查找重复客户…</translation>
    </message>
    <message>
        <source>New customer…</source>
        <translation>新建客户…</translation>
    </message>
    <message>
        <source>Tag selected customers…</source>
        <translation>给选中的客户打标签…</translation>
    </message>
    <message>
        <source>Plan follow-up for selected…</source>
        <translation>为选中的客户安排跟进…</translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s)</source>
        <translation>
            <numerusform>%n 位客户</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected</source>
        <translation>
            <numerusform>已选 %n 位</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Desk</name>
    <message>
        <source>Guide Desk keeps running here and reminds you of follow-ups.</source>
        <translation>导购工作台仍在这里运行，会提醒您待跟进的客户。</translation>
    </message>
</context>
<context>
    <name>DisputesPage</name>
    <message>
        <source>Open</source>
        <translation>待裁定</translation>
    </message>
    <message>
        <source>Decided</source>
        <translation>已裁定</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Customer in their book</source>
        <translation>客户在其通讯录中</translation>
    </message>
    <message>
        <source>Served the customer last</source>
        <translation>最近服务过该客户</translation>
    </message>
    <message>
        <source>Guide</source>
        <translation>导购</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Sold at</source>
        <translation>销售时间</translation>
    </message>
    <message>
        <source>Received by HQ</source>
        <translation>总部收到时间</translation>
    </message>
    <message>
        <source>Why their app credited it</source>
        <translation>导购端的归属依据</translation>
    </message>
    <message>
        <source>Withdrawn (voided)</source>
        <translation>已撤回（作废）</translation>
    </message>
    <message>
        <source>Counted now</source>
        <translation>当前计入</translation>
    </message>
    <message>
        <source>Disputes</source>
        <translation>业绩争议</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>显示(&amp;S)：</translation>
    </message>
    <message>
        <source>Disputed orders</source>
        <translation>争议订单</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>门店</translation>
    </message>
    <message>
        <source>Order no.</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>登记数</translation>
    </message>
    <message>
        <source>Counted for</source>
        <translation>当前计入</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>争议开始</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Claims side by side</source>
        <translation>各方登记对比</translation>
    </message>
    <message>
        <source>Left / Right choose a claim; Ctrl+D credits the order to it</source>
        <translation>←/→ 选择登记；Ctrl+D 将订单归属给所选登记</translation>
    </message>
    <message>
        <source>Credit to …</source>
        <translation>归属给…</translation>
    </message>
    <message>
        <source>Credit the order to the chosen claim, with a reason (Ctrl+D)</source>
        <translation>将订单归属给所选登记，并说明原因（Ctrl+D）</translation>
    </message>
    <message>
        <source>Reading HQ…</source>
        <translation>正在读取总部数据…</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s)</source>
        <translation>
            <numerusform>%n 个订单</numerusform>
        </translation>
    </message>
    <message>
        <source>Decided by %1 at %2: %3</source>
        <translation>%1 于 %2 裁定：%3</translation>
    </message>
    <message>
        <source>No disputed order here.</source>
        <translation>这里没有争议订单。</translation>
    </message>
    <message>
        <source>Order %1 · %2</source>
        <translation>订单 %1 · %2</translation>
    </message>
    <message>
        <source>Claim %1</source>
        <translation>登记 %1</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Credit to %1…</source>
        <translation>归属给 %1…</translation>
    </message>
</context>
<context>
    <name>DueTimeField</name>
    <message>
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation>明天</translation>
    </message>
    <message>
        <source>In 3 days</source>
        <translation>3 天后</translation>
    </message>
    <message>
        <source>Next week</source>
        <translation>下周</translation>
    </message>
    <message>
        <source>%1 at %2:00</source>
        <translation>%1 %2:00</translation>
    </message>
</context>
<context>
    <name>DuplicatesDialog</name>
    <message>
        <source>Duplicate customers</source>
        <translation>重复客户</translation>
    </message>
    <message>
        <source>Groups of customers with the same phone</source>
        <translation>手机号相同的客户组</translation>
    </message>
    <message>
        <source>&amp;Merge…</source>
        <translation>合并(&amp;M)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Keep:</source>
        <translation>保留：</translation>
    </message>
    <message>
        <source>No two customers share a phone number. Nothing to merge.</source>
        <translation>没有手机号相同的客户，无需合并。</translation>
    </message>
    <message numerus="yes">
        <source>%n group(s) of customers share a phone number; the first %1 are listed.</source>
        <translation>
            <numerusform>有 %n 组客户手机号相同；下面列出前 %1 组。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n group(s) of customers share a phone number. Compare them, choose whom to keep, then merge.</source>
        <translation>
            <numerusform>有 %n 组客户手机号相同。请对比后选择保留哪一位，再合并。</numerusform>
        </translation>
    </message>
    <message>
        <source>Keep this customer; the others are merged into them</source>
        <translation>保留此客户，其他客户合并到此客户</translation>
    </message>
    <message>
        <source>WeCom remark</source>
        <translation>企微备注</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>客户阶段</translation>
    </message>
    <message>
        <source>Purchases</source>
        <translation>购买</translation>
    </message>
    <message numerus="yes">
        <source>%n purchase(s), %1</source>
        <translation>
            <numerusform>%n 次购买，%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>客户动态</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(ies)</source>
        <translation>
            <numerusform>%n 条</numerusform>
        </translation>
    </message>
    <message>
        <source>Open follow-ups</source>
        <translation>未完成的跟进</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>营销授权</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message numerus="yes">
        <source>Keep %1 and merge %n other customer(s) into them?</source>
        <translation>
            <numerusform>保留 %1，并把另外 %n 位客户合并进来吗？</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 keeps their name and details; where a detail of %1 is empty, the other&apos;s fills it. Every timeline entry, follow-up, sale and tag moves to %1 (in an HQ group where only one tag may be chosen, %1&apos;s choice stays). Then the other customer is removed from the book. This cannot be undone.</source>
        <translation>%1 保留自己的姓名和资料；%1 资料中空着的项，用另一位客户的填上。所有客户动态、跟进、销售和标签都归到 %1 名下（单选的企业标签组里保留 %1 原来的选择）。之后另一位客户从客户通讯录中移除。此操作无法撤销。</translation>
    </message>
    <message>
        <source>Merge customers</source>
        <translation>合并客户</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
</context>
<context>
    <name>ExportCustomersDialog</name>
    <message>
        <source>Export this list</source>
        <translation>导出此列表</translation>
    </message>
    <message numerus="yes">
        <source>Export the %n customer(s) of this list to an Excel file.</source>
        <translation>
            <numerusform>把此列表中的 %n 位客户导出到 Excel 文件。</numerusform>
        </translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Full phone numbers (otherwise 138****8000)</source>
        <translation>导出完整手机号（否则显示为 138****8000）</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>Pick the workbook</source>
        <translation>选择 Excel 文件</translation>
    </message>
    <message>
        <source>Nothing is saved until you press Import on the check step.</source>
        <translation>在“检查”这一步按“导入”之前，不会保存任何内容。</translation>
    </message>
    <message>
        <source>Choose an Excel workbook (.xlsx): one customer a row, under a row naming the columns.</source>
        <translation>请选择 Excel 文件（.xlsx）：先有一行表头写明各列名称，下面每行一位客户。</translation>
    </message>
    <message>
        <source>Path of the .xlsx file</source>
        <translation>.xlsx 文件路径</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Sheet:</source>
        <translation>工作表(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>文件(&amp;F)：</translation>
    </message>
    <message>
        <source>There is no file at this path.</source>
        <translation>这个路径下没有文件。</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx);;All files (*)</source>
        <translation>Excel 工作簿 (*.xlsx);;所有文件 (*)</translation>
    </message>
    <message numerus="yes">
        <source>Sheet “%1”: %n customer row(s) read, header on row %2.</source>
        <translation>
            <numerusform>工作表“%1”：读到 %n 行客户，表头在第 %2 行。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1… row %2</source>
        <translation>%1… 第 %2 行</translation>
    </message>
</context>
<context>
    <name>FollowUp</name>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Store visit</source>
        <translation>到店</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Save (Enter)</source>
        <translation>保存（Enter）</translation>
    </message>
</context>
<context>
    <name>FollowUpDialog</name>
    <message>
        <source>&amp;How</source>
        <translation>方式(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;When</source>
        <translation>时间(&amp;W)</translation>
    </message>
</context>
<context>
    <name>FollowUpsModel</name>
    <message>
        <source>planned by you</source>
        <translation>自己安排</translation>
    </message>
    <message>
        <source>from an SOP</source>
        <translation>来自SOP任务</translation>
    </message>
    <message>
        <source>from your manager</source>
        <translation>经理安排</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>%1 overdue</source>
        <translation>%1 已逾期</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) overdue</source>
        <translation>
            <numerusform>已逾期 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>Ctrl+Enter: complete · R: reschedule · L: log outcome</source>
        <translation>Ctrl+Enter：完成 · R：改期 · L：记录结果</translation>
    </message>
</context>
<context>
    <name>FollowUpsPanel</name>
    <message>
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Pla&amp;n follow-up…</source>
        <translation>安排跟进(&amp;N)…</translation>
    </message>
    <message>
        <source>Re&amp;schedule…</source>
        <translation>改期(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Complete…</source>
        <translation>完成(&amp;C)…</translation>
    </message>
    <message>
        <source>Log &amp;outcome…</source>
        <translation>记录结果(&amp;O)…</translation>
    </message>
    <message>
        <source>Cancel follo&amp;w-up</source>
        <translation>取消跟进(&amp;W)</translation>
    </message>
    <message>
        <source>No open follow-ups. Plan one so this customer is not forgotten.</source>
        <translation>没有未完成的跟进。安排一个，别把这位客户忘了。</translation>
    </message>
    <message>
        <source>%1 (overdue)</source>
        <translation>%1（已逾期）</translation>
    </message>
    <message>
        <source>Cancel follow-up</source>
        <translation>取消跟进</translation>
    </message>
    <message>
        <source>Cancel the %1 follow-up due %2? It is not logged as done.</source>
        <translation>取消 %2 到期的%1跟进吗？它不会记为已完成。</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Check for updates…</source>
        <translation>检查更新…</translation>
    </message>
    <message>
        <source>About Guide Desk</source>
        <translation>关于导购工作台</translation>
    </message>
</context>
<context>
    <name>ImportPreview</name>
    <message>
        <source>Problem</source>
        <translation>有问题</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Merged</source>
        <translation>已合并</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>What</source>
        <translation>情况</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>ImportSheetDialog</name>
    <message>
        <source>Import organisation sheet</source>
        <translation>导入组织架构表</translation>
    </message>
    <message>
        <source>&amp;Choose sheet…</source>
        <translation>选择表格(&amp;C)…</translation>
    </message>
    <message>
        <source>No sheet chosen.</source>
        <translation>未选择表格。</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>Choose the organisation sheet</source>
        <translation>选择组织架构表</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Choose the sheet: HQ checks every row before anything is imported.</source>
        <translation>请选择表格：总部会先检查每一行，再导入。</translation>
    </message>
    <message>
        <source>HQ is checking the sheet…</source>
        <translation>总部正在检查表格…</translation>
    </message>
    <message>
        <source>HQ is importing the sheet…</source>
        <translation>总部正在导入表格…</translation>
    </message>
    <message>
        <source>%1 region(s), %2 store(s) new, %3 store(s) changed, %4 account(s) new.</source>
        <translation>新增区域 %1 个、门店 %2 家，修改门店 %3 家，新增账号 %4 个。</translation>
    </message>
    <message>
        <source>Imported: %1</source>
        <translation>已导入：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) have a problem: fix them in the sheet and choose it again. Nothing was imported.</source>
        <translation>
            <numerusform>有 %n 行有问题：请在表格中改正后重新选择。未导入任何内容。</numerusform>
        </translation>
    </message>
    <message>
        <source>Every row is fine. Importing would add: %1</source>
        <translation>所有行都没有问题。导入后将：%1</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>WeCom remark</source>
        <translation>企微备注</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Personal tags</source>
        <translation>个人标签</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Source channel</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <source>Date added</source>
        <translation>添加日期</translation>
    </message>
    <message>
        <source>Reading and checking the file</source>
        <translation>读取并检查文件</translation>
    </message>
    <message>
        <source>Saving customers to your book</source>
        <translation>保存客户到客户通讯录</translation>
    </message>
    <message>
        <source>Import customers</source>
        <translation>导入客户</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>Stop the import?</source>
        <translation>停止导入吗？</translation>
    </message>
    <message>
        <source>An import is running. Stop it? Your customer book stays exactly as it was.</source>
        <translation>正在导入。要停止吗？客户通讯录会保持导入前的样子。</translation>
    </message>
    <message>
        <source>Already in your book (skipped): %n</source>
        <translation>已在客户通讯录中（跳过）：%n</translation>
    </message>
    <message>
        <source>Totals rows skipped: %n</source>
        <translation>跳过的合计行：%n</translation>
    </message>
    <message>
        <source>You stopped the import. Nothing was imported; your customer book is as it was.</source>
        <translation>您已停止导入。什么都没有导入，客户通讯录保持原样。</translation>
    </message>
    <message>
        <source>Nothing was imported. %1</source>
        <translation>什么都没有导入。%1</translation>
    </message>
    <message>
        <source>Skipped, already in your book: %n</source>
        <translation>已在客户通讯录中，跳过：%n</translation>
    </message>
    <message>
        <source>Every row not imported as it was is listed below with its reason.</source>
        <translation>下面列出所有未原样导入的行及原因。</translation>
    </message>
    <message>
        <source>Imported %n customer(s).</source>
        <translation>已导入 %n 位客户。</translation>
    </message>
    <message>
        <source>New customers to import: %n</source>
        <translation>待导入的新客户：%n</translation>
    </message>
    <message>
        <source>Nothing was imported: %n row(s) have problems, and you chose all or nothing.</source>
        <translation>什么都没有导入：有 %n 行有问题，而您选择了“有问题就全部不导入”。</translation>
    </message>
    <message>
        <source>Repeated rows merged into an earlier row: %n</source>
        <translation>重复的行（已合并到前面的行）：%n</translation>
    </message>
    <message>
        <source>Rows with problems, not imported: %n</source>
        <translation>有问题未导入的行：%n</translation>
    </message>
    <message>
        <source>Rows with problems: %n</source>
        <translation>有问题的行：%n</translation>
    </message>
</context>
<context>
    <name>ItemsTable</name>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Unit price (¥)</source>
        <translation>单价(¥)</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>商品明细</translation>
    </message>
    <message>
        <source>Item %1: </source>
        <translation>第 %1 行商品：</translation>
    </message>
    <message>
        <source>name the item, or clear its row.</source>
        <translation>请填写商品名称，或清空这一行。</translation>
    </message>
    <message>
        <source>the name is at most 100 characters.</source>
        <translation>名称最多 100 个字。</translation>
    </message>
    <message>
        <source>the quantity is a whole number from 1 to 10,000.</source>
        <translation>数量须为 1 到 10,000 的整数。</translation>
    </message>
</context>
<context>
    <name>LibraryModel</name>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Stages</source>
        <translation>客户阶段</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>有效期起</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Audience</source>
        <translation>适用范围</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>发送次数</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>复制次数</translation>
    </message>
    <message>
        <source>Guides</source>
        <translation>导购数</translation>
    </message>
    <message>
        <source>Every store</source>
        <translation>所有门店</translation>
    </message>
    <message>
        <source>%1 and %n more</source>
        <translation>%1 等另外 %n 个</translation>
    </message>
</context>
<context>
    <name>LibraryPage</name>
    <message>
        <source>Any dates</source>
        <translation>不限日期</translation>
    </message>
    <message>
        <source>Valid now</source>
        <translation>当前有效</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Not yet valid</source>
        <translation>未生效</translation>
    </message>
    <message>
        <source>Search titles, words, tags, products (Ctrl+F)</source>
        <translation>搜索标题、文字、标签、商品（Ctrl+F）</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>&amp;New…</source>
        <translation>新建(&amp;N)…</translation>
    </message>
    <message>
        <source>Publish a new item (Ctrl+N)</source>
        <translation>发布新素材（Ctrl+N）</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>Edit the chosen item (Enter)</source>
        <translation>编辑所选素材（Enter）</translation>
    </message>
    <message>
        <source>&amp;Retire</source>
        <translation>下架(&amp;R)</translation>
    </message>
    <message>
        <source>Withdraw the chosen item from every guide&apos;s app (Delete)</source>
        <translation>从所有导购端撤下所选素材（Delete）</translation>
    </message>
    <message>
        <source>New item</source>
        <translation>新建素材</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Reading the library from HQ…</source>
        <translation>正在从总部读取素材库…</translation>
    </message>
    <message>
        <source>All campaigns</source>
        <translation>全部活动</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n item(s) shown (grey: expired; amber: not valid yet).</source>
        <translation>
            <numerusform>显示 %1 / 共 %n 项（灰色：已过期；黄色：未生效）。</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1” is at HQ; guides get it at their next sync.</source>
        <translation>“%1”已提交到总部；导购下次同步时就会收到。</translation>
    </message>
    <message>
        <source>Retire</source>
        <translation>下架</translation>
    </message>
    <message>
        <source>Retire “%1”? Guides&apos; apps drop it at their next sync; its usage counts stay.</source>
        <translation>下架“%1”吗？导购端下次同步时会将其移除；使用统计会保留。</translation>
    </message>
    <message>
        <source>Retiring “%1”…</source>
        <translation>正在下架“%1”…</translation>
    </message>
    <message>
        <source>“%1” is retired.</source>
        <translation>“%1”已下架。</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <source>Locked</source>
        <translation>已锁屏</translation>
    </message>
    <message>
        <source>Guide Desk is locked</source>
        <translation>导购工作台已锁屏</translation>
    </message>
    <message>
        <source>Signed in: %1 (%2)</source>
        <translation>当前登录：%1（%2）</translation>
    </message>
    <message>
        <source>Enter your &amp;password to go on:</source>
        <translation>输入密码继续(&amp;P)：</translation>
    </message>
    <message>
        <source>Sign out / another guide</source>
        <translation>退出登录 / 换其他导购</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message numerus="yes">
        <source>That is not your password. After %n more wrong try(s) you are signed out.</source>
        <translation>
            <numerusform>密码不对。再输错 %n 次将自动退出登录。</numerusform>
        </translation>
    </message>
    <message>
        <source>Your password cannot be checked on this PC. Sign out and sign in again.</source>
        <translation>本机无法核对您的密码，请退出登录后重新登录。</translation>
    </message>
</context>
<context>
    <name>LogOutcomeDialog</name>
    <message>
        <source>Log outcome</source>
        <translation>记录结果</translation>
    </message>
    <message>
        <source>%1: the follow-up stays open</source>
        <translation>%1：跟进保持未完成</translation>
    </message>
    <message>
        <source>e.g. no answer, call again after 14:00</source>
        <translation>例如 没接电话，14:00 后再打</translation>
    </message>
    <message>
        <source>&amp;How</source>
        <translation>方式(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;What happened</source>
        <translation>情况(&amp;W)</translation>
    </message>
    <message>
        <source>Write what happened.</source>
        <translation>请填写情况。</translation>
    </message>
</context>
<context>
    <name>Look</name>
    <message>
        <source>Guide Desk</source>
        <translation>导购工作台</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>%1 — %2 (%3)</source>
        <translation>%1 — %2（%3）</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>素材</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售</translation>
    </message>
    <message>
        <source>My performance</source>
        <translation>我的业绩</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Search customers</source>
        <translation>搜索客户</translation>
    </message>
    <message>
        <source>Side panel</source>
        <translation>侧边栏</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁屏</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Sync problems…</source>
        <translation>同步问题…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>&amp;Desk</source>
        <translation>工作台(&amp;D)</translation>
    </message>
    <message>
        <source>S&amp;ync</source>
        <translation>同步(&amp;Y)</translation>
    </message>
    <message numerus="yes">
        <source>Sync finished with %n problem(s): see the list</source>
        <translation>
            <numerusform>同步完成，有 %n 个问题：请查看列表</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <source>Check what each column becomes</source>
        <translation>核对字段对应</translation>
    </message>
    <message>
        <source>Change a column&apos;s field, or choose “Don&apos;t import” to leave it out.</source>
        <translation>可以修改某列对应的字段，或选“不导入”跳过这一列。</translation>
    </message>
    <message>
        <source>Sheet “%1”, header on row %2. The first rows of each column are shown.</source>
        <translation>工作表“%1”，表头在第 %2 行。下面显示每列的前几个值。</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>表头</translation>
    </message>
    <message>
        <source>Import as</source>
        <translation>导入为</translation>
    </message>
    <message>
        <source>First values</source>
        <translation>前几个值</translation>
    </message>
    <message>
        <source>Don&apos;t import</source>
        <translation>不导入</translation>
    </message>
    <message>
        <source>“%1” is no longer imported: each field is read from one column.</source>
        <translation>“%1”已改为不导入：每个字段只能来自一列。</translation>
    </message>
    <message>
        <source>Choose the column that holds the customer&apos;s name.</source>
        <translation>请选择客户姓名所在的列。</translation>
    </message>
    <message>
        <source>Checking every row with this mapping…</source>
        <translation>正在按此对应检查每一行…</translation>
    </message>
    <message>
        <source>With this mapping: %1 new customers, %2 rows with problems.</source>
        <translation>按此对应：%1 位新客户，%2 行有问题。</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Something went wrong.</source>
        <translation>出错了。</translation>
    </message>
    <message>
        <source>Some of what was entered is not valid.</source>
        <translation>填写的内容有误。</translation>
    </message>
    <message>
        <source>It is no longer there.</source>
        <translation>已经不存在了。</translation>
    </message>
    <message>
        <source>This clashes with what is already saved.</source>
        <translation>这与已保存的内容冲突。</translation>
    </message>
    <message>
        <source>Stopped. Nothing half-done was kept.</source>
        <translation>已停止，做了一半的改动没有保留。</translation>
    </message>
    <message>
        <source>This can only be read here, not changed.</source>
        <translation>这里只能查看，不能修改。</translation>
    </message>
    <message>
        <source>The customer book on this PC is damaged. Restore a backup to go on.</source>
        <translation>本机的客户通讯录已损坏。请恢复一份备份后继续。</translation>
    </message>
    <message>
        <source>The customer book on this PC is missing, but backups of it exist. Restore one, or start empty.</source>
        <translation>本机的客户通讯录不见了，但还有备份。请恢复一份备份，或从空通讯录开始。</translation>
    </message>
    <message>
        <source>That backup is damaged. Your current book was not touched; pick another backup.</source>
        <translation>这份备份已损坏。当前的客户通讯录没有改动；请另选一份备份。</translation>
    </message>
    <message>
        <source>That backup is no longer there.</source>
        <translation>这份备份已经不存在了。</translation>
    </message>
    <message>
        <source>The customer book is open in another window. Close it there and try again.</source>
        <translation>客户通讯录已在另一个窗口打开。请先关掉那个窗口再试。</translation>
    </message>
    <message>
        <source>That is not an HQ address. It looks like https://hq.example.cn or 192.168.1.10:8710.</source>
        <translation>这不是总部地址。总部地址的样子是 https://hq.example.cn 或 192.168.1.10:8710。</translation>
    </message>
    <message>
        <source>This customer is no longer in the book.</source>
        <translation>客户通讯录里已没有此客户。</translation>
    </message>
    <message>
        <source>A name is needed.</source>
        <translation>请填写姓名。</translation>
    </message>
    <message>
        <source>The name is too long.</source>
        <translation>姓名太长了。</translation>
    </message>
    <message>
        <source>Gender must be male, female or left empty.</source>
        <translation>性别只能是男、女或不填。</translation>
    </message>
    <message>
        <source>That is not a mobile number: it needs 11 digits starting with 1.</source>
        <translation>这不是手机号：手机号是以 1 开头的 11 位数字。</translation>
    </message>
    <message>
        <source>That date is not possible.</source>
        <translation>这个日期不存在。</translation>
    </message>
    <message>
        <source>The text is too long.</source>
        <translation>文字太长了。</translation>
    </message>
    <message>
        <source>That field cannot be changed.</source>
        <translation>这一项不能修改。</translation>
    </message>
    <message>
        <source>A customer cannot be merged with themselves.</source>
        <translation>客户不能和自己合并。</translation>
    </message>
    <message>
        <source>That tag is no longer there.</source>
        <translation>这个标签已经不存在了。</translation>
    </message>
    <message>
        <source>A tag name needs 1 to 20 characters.</source>
        <translation>标签名需要 1 到 20 个字。</translation>
    </message>
    <message>
        <source>The customer does not have that tag.</source>
        <translation>客户没有这个标签。</translation>
    </message>
    <message>
        <source>That follow-up is no longer there.</source>
        <translation>这条跟进已经不存在了。</translation>
    </message>
    <message>
        <source>That follow-up is already done or cancelled.</source>
        <translation>这条跟进已完成或已取消。</translation>
    </message>
    <message>
        <source>Pick a time from now on, not in the past.</source>
        <translation>请选择现在或以后的时间，不能选过去的时间。</translation>
    </message>
    <message>
        <source>This order number is already recorded.</source>
        <translation>这个订单号已经登记过了。</translation>
    </message>
    <message>
        <source>The sale&apos;s time is in the future.</source>
        <translation>销售时间不能晚于现在。</translation>
    </message>
    <message>
        <source>The sale is not complete or not valid.</source>
        <translation>销售记录不完整或有误。</translation>
    </message>
    <message>
        <source>This sale cannot be credited to you under HQ&apos;s rules.</source>
        <translation>按总部规则，这笔销售不能归属给您。</translation>
    </message>
    <message>
        <source>The items do not add up to the amount. List each item at the price paid, or none.</source>
        <translation>商品明细与金额对不上。请按实付价格逐项填写，或不填明细。</translation>
    </message>
    <message>
        <source>That sale is no longer in the book.</source>
        <translation>这笔销售已不在客户簿中。</translation>
    </message>
    <message>
        <source>This sale was voided. A void is final: record the sale again if it did happen.</source>
        <translation>这笔销售已作废。作废不能撤回：如果确实成交，请重新录入。</translation>
    </message>
    <message>
        <source>That is already the sale&apos;s amount. Enter the amount actually paid.</source>
        <translation>金额与原来相同。请填写实际支付的金额。</translation>
    </message>
    <message>
        <source>HQ refused this sale, so there is nothing to amend there. Void it, or record it again.</source>
        <translation>总部拒收了这笔销售，无从更正。请作废，或重新录入。</translation>
    </message>
    <message>
        <source>Say why the sale is corrected.</source>
        <translation>请说明更正原因。</translation>
    </message>
    <message>
        <source>That content is no longer in the library.</source>
        <translation>素材库里已没有这个素材。</translation>
    </message>
    <message>
        <source>That task is no longer there.</source>
        <translation>这个任务已经不存在了。</translation>
    </message>
    <message>
        <source>That customer is no longer on this task.</source>
        <translation>这位客户已不在此任务中。</translation>
    </message>
    <message>
        <source>The count must be 0 or more.</source>
        <translation>数量不能小于 0。</translation>
    </message>
    <message>
        <source>This task counts by customer: tick its customers instead.</source>
        <translation>此任务按客户计数：请勾选完成的客户。</translation>
    </message>
    <message>
        <source>Say why this customer is skipped.</source>
        <translation>请写明跳过这位客户的原因。</translation>
    </message>
    <message>
        <source>The file cannot be read.</source>
        <translation>无法读取这个文件。</translation>
    </message>
    <message>
        <source>This is not an .xlsx workbook. Save it as .xlsx in Excel or WPS and try again.</source>
        <translation>这不是 .xlsx 文件。请在 Excel 或 WPS 里另存为 .xlsx 后重试。</translation>
    </message>
    <message>
        <source>The file is too large to import.</source>
        <translation>文件太大，无法导入。</translation>
    </message>
    <message>
        <source>The workbook has no such sheet.</source>
        <translation>这个 Excel 文件里没有这个工作表。</translation>
    </message>
    <message>
        <source>No header row was found: the first rows should name the columns (姓名, 手机…).</source>
        <translation>没有找到表头：前几行中应有一行写明各列名称（姓名、手机…）。</translation>
    </message>
    <message>
        <source>The workbook is damaged inside. Open it in Excel or WPS, save it again, and retry.</source>
        <translation>这个 Excel 文件内部已损坏。请用 Excel 或 WPS 打开，重新保存后再试。</translation>
    </message>
    <message>
        <source>The file unpacks far larger than any real workbook and was refused to protect this PC.</source>
        <translation>这个文件解压后远大于正常的 Excel 文件，为保护本机已拒绝导入。</translation>
    </message>
    <message>
        <source>Skipped: a customer with this phone is already in the book.</source>
        <translation>已跳过：客户通讯录里已有这个手机号的客户。</translation>
    </message>
    <message>
        <source>Repeated in the file: merged into the first row with this phone.</source>
        <translation>文件中重复：已合并到这个手机号第一次出现的那一行。</translation>
    </message>
    <message>
        <source>Skipped: a totals row, not a customer.</source>
        <translation>已跳过：这是合计行，不是客户。</translation>
    </message>
    <message>
        <source>A formula without a saved value: its text was kept.</source>
        <translation>公式没有保存计算结果：已保留公式文字。</translation>
    </message>
    <message>
        <source>A formula without a saved value: the cell was left empty.</source>
        <translation>公式没有保存计算结果：此单元格留空。</translation>
    </message>
    <message>
        <source>The date could be read more than one way, so it was not guessed.</source>
        <translation>这个日期有多种读法，因此没有猜测。</translation>
    </message>
    <message>
        <source>HQ cannot be reached. Everything is kept on this PC and goes with the next sync.</source>
        <translation>连不上总部。所有内容都保存在本机，下次同步时上传。</translation>
    </message>
    <message>
        <source>HQ is not answering in time. Everything is kept on this PC; sync will try again.</source>
        <translation>总部响应超时。所有内容都保存在本机，稍后会再次同步。</translation>
    </message>
    <message>
        <source>Your sign-in to HQ has expired. Sign out and in again to sync.</source>
        <translation>总部登录已过期。请退出登录后重新登录，再同步。</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>The login or the password is wrong. Check both and try again.</source>
        <translation>账号或密码不对，请检查后重试。</translation>
    </message>
    <message>
        <source>This login is locked after too many wrong passwords. Try again later, or ask your manager to reset your password.</source>
        <translation>密码输错次数过多，账号已被锁定。请稍后再试，或请区域经理重置密码。</translation>
    </message>
    <message>
        <source>This account has been switched off at HQ. Ask your manager if you should still have it.</source>
        <translation>该账号已被总部停用。如需继续使用，请联系区域经理。</translation>
    </message>
    <message>
        <source>HQ is taking too many sign-ins right now. Wait a moment and try again.</source>
        <translation>总部此刻登录请求过多，请稍等后重试。</translation>
    </message>
    <message>
        <source>HQ cannot be reached, and this is not the password you last signed in with on this PC.</source>
        <translation>连不上总部，且这不是您上次在本机登录时用的密码。</translation>
    </message>
    <message>
        <source>HQ cannot be reached, and this login has not signed in on this PC before, so it cannot open offline. Check the HQ address and this PC&apos;s network (cable or Wi-Fi), then try again.</source>
        <translation>连不上总部，且该账号从未在本机登录过，无法离线打开。请检查总部地址和本机网络（网线或 Wi-Fi）后重试。</translation>
    </message>
    <message>
        <source>This login is not a store guide&apos;s. Managers and HQ use their own workspaces.</source>
        <translation>这不是导购账号。区域经理和总部人员请使用各自的工作台。</translation>
    </message>
    <message>
        <source>HQ refused the request.</source>
        <translation>总部拒绝了这个请求。</translation>
    </message>
    <message>
        <source>HQ sent an answer this app cannot read; nothing on this PC was changed.</source>
        <translation>总部返回的内容本程序无法识别；本机数据没有任何改动。</translation>
    </message>
    <message>
        <source>HQ sent an answer larger than allowed; nothing on this PC was changed.</source>
        <translation>总部返回的内容超过了允许的大小；本机数据没有任何改动。</translation>
    </message>
    <message>
        <source>A downloaded file did not match HQ&apos;s fingerprint and was thrown away; it will be fetched again.</source>
        <translation>下载的文件与总部的校验值不符，已丢弃，会重新下载。</translation>
    </message>
    <message>
        <source>This version of Guide Desk is too old for HQ, so sync is paused. Your sales and work stay safely on this PC and go up to HQ after the update. To update, choose Help → Check for updates…, or ask your store manager or IT.</source>
        <translation>此版本的导购工作台过旧，总部已暂停同步。您的销售和工作都安全地保存在本机，更新后会上传到总部。更新方法：选择“帮助 → 检查更新…”，或联系店长或 IT。</translation>
    </message>
    <message>
        <source>HQ runs an older version than this Guide Desk, so sync is paused and nothing was sent. Your sales and work stay safely on this PC and go up to HQ once HQ is updated. Tell your store manager or IT.</source>
        <translation>总部运行的版本比本导购工作台旧，已暂停同步，未发送任何内容。您的销售和工作都安全地保存在本机，总部更新后会上传。请告知店长或 IT。</translation>
    </message>
    <message>
        <source>The update does not match its signature, so it was refused. Nothing was changed: this version goes on working. Tell HQ&apos;s IT staff.</source>
        <translation>更新与其签名不符，已拒绝。没有做任何更改：当前版本照常使用。请告知总部 IT 人员。</translation>
    </message>
    <message>
        <source>Updates are not set up for this copy of Guide Desk. Ask HQ&apos;s IT staff for an installer.</source>
        <translation>这份导购工作台未设置更新。请向总部 IT 人员索取安装程序。</translation>
    </message>
    <message>
        <source>Updates apply to copies installed with the Guide Desk installer. This copy runs from an unpacked folder or from source, so it is not updated here.</source>
        <translation>更新只适用于用导购工作台安装程序安装的副本。这份副本从解压的文件夹或源代码运行，因此不在此更新。</translation>
    </message>
    <message>
        <source>This update is not newer than the version installed here, or it was rolled back here before. Nothing was changed.</source>
        <translation>此更新不比本机已安装的版本新，或之前已在本机回退过。没有做任何更改。</translation>
    </message>
    <message>
        <source>The update&apos;s archive cannot be unpacked safely, so it was refused. Nothing was changed: this version goes on working. Tell HQ&apos;s IT staff.</source>
        <translation>更新包无法安全解压，已拒绝。没有做任何更改：当前版本照常使用。请告知总部 IT 人员。</translation>
    </message>
    <message>
        <source>The update could not be written to this PC&apos;s disk (it may be full). Nothing was changed: this version goes on working.</source>
        <translation>更新无法写入本机磁盘（可能已满）。没有做任何更改：当前版本照常使用。</translation>
    </message>
    <message>
        <source>No earlier version is kept on this PC, so there is nothing to roll back to.</source>
        <translation>本机没有保留更早的版本，无法回退。</translation>
    </message>
    <message>
        <source>The Guide Desk launcher is missing from its folder, so it cannot restart by itself. Close Guide Desk and start it from its shortcut; reinstall it if that fails.</source>
        <translation>导购工作台的启动程序不在其文件夹中，无法自行重启。请关闭导购工作台，再从快捷方式启动；如仍不行，请重新安装。</translation>
    </message>
    <message>
        <source>A task needs a title.</source>
        <translation>请填写任务标题。</translation>
    </message>
    <message>
        <source>The due time must be later than now.</source>
        <translation>到期时间必须晚于现在。</translation>
    </message>
    <message>
        <source>The target must be between 1 and 100,000 customers.</source>
        <translation>目标须在 1 到 100,000 位客户之间。</translation>
    </message>
    <message>
        <source>A task can carry at most 20 items.</source>
        <translation>一个任务最多附带 20 项素材。</translation>
    </message>
    <message>
        <source>Choose the guides, the store or the region the task is for.</source>
        <translation>请选择任务面向的导购、门店或区域。</translation>
    </message>
    <message>
        <source>Say why the order is credited to this guide.</source>
        <translation>请说明为什么把这个订单归属给这位导购。</translation>
    </message>
    <message>
        <source>That guide withdrew (voided) their claim; credit one of the live claims.</source>
        <translation>这位导购已撤回（作废）登记；请归属给仍有效的登记之一。</translation>
    </message>
    <message>
        <source>Type the target in yuan, e.g. 120,000 or 1,299.50 (at most 2 decimals, not negative).</source>
        <translation>请以元为单位填写目标，例如 120,000 或 1,299.50（最多两位小数，不能为负数）。</translation>
    </message>
    <message>
        <source>That target is larger than HQ accepts (at most ¥10,000,000.00).</source>
        <translation>目标超出总部允许的上限（最多 ¥10,000,000.00）。</translation>
    </message>
    <message>
        <source>A target once set cannot be left empty: type 0 for no target.</source>
        <translation>目标一经设置就不能留空：不设目标请填 0。</translation>
    </message>
    <message>
        <source>The first day must not be after the last day.</source>
        <translation>开始日期不能晚于结束日期。</translation>
    </message>
    <message>
        <source>Choose the region or the store.</source>
        <translation>请选择区域或门店。</translation>
    </message>
    <message>
        <source>One sheet covers at most 366 days: export a longer time in parts.</source>
        <translation>一张表最多涵盖 366 天：更长的时间请分段导出。</translation>
    </message>
    <message>
        <source>Choose days between the years 2000 and 2099.</source>
        <translation>请选择 2000 年到 2099 年之间的日期。</translation>
    </message>
    <message>
        <source>A login is 1 to 64 letters or digits; it may also use . _ - and @.</source>
        <translation>账号须为 1 到 64 个字母或数字，也可以使用 . _ - 和 @。</translation>
    </message>
    <message>
        <source>A store code is 1 to 40 letters or digits; it may also use . _ and -.</source>
        <translation>门店编码须为 1 到 40 个字母或数字，也可以使用 . _ 和 -。</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>A password needs at least 8 characters.</source>
        <translation>密码至少需要 8 个字符。</translation>
    </message>
    <message>
        <source>That file cannot be read. Check that it is still there and not open in another program.</source>
        <translation>无法读取这个文件。请确认文件还在原处，且没有被其他程序打开。</translation>
    </message>
    <message>
        <source>That file is empty.</source>
        <translation>这个文件是空的。</translation>
    </message>
    <message>
        <source>That file is larger than HQ takes (200 MB). Make it smaller and choose it again.</source>
        <translation>文件超过总部允许的大小（200 MB）。请压缩后重新选择。</translation>
    </message>
    <message>
        <source>A task from HQ cannot be read by this version of the app and was left out. Update the app.</source>
        <translation>当前版本无法识别总部下发的一个任务，已略过。请更新程序。</translation>
    </message>
    <message>
        <source>HQ refused an upload. Check it and record it again if it was a mistake.</source>
        <translation>总部拒绝了一条上传记录。请核对，如果记错了请重新登记。</translation>
    </message>
    <message>
        <source>HQ already holds a different record under this id and kept the first.</source>
        <translation>总部已有同一编号的另一条记录，保留了先到的那条。</translation>
    </message>
    <message>
        <source>Another guide of your store claimed this order first. Your manager decides who is credited.</source>
        <translation>本店另一位导购先登记了这个订单。业绩归属由区域经理决定。</translation>
    </message>
    <message>
        <source>A content file could not be downloaded. It is tried again at the next sync.</source>
        <translation>有一个素材文件没能下载，下次同步时会重试。</translation>
    </message>
    <message>
        <source>waiting to upload</source>
        <translation>待上传</translation>
    </message>
    <message>
        <source>counted at HQ</source>
        <translation>总部已计入</translation>
    </message>
    <message>
        <source>disputed</source>
        <translation>业绩争议</translation>
    </message>
    <message>
        <source>refused by HQ</source>
        <translation>总部已拒绝</translation>
    </message>
    <message>
        <source>Waiting to upload: it goes to HQ with the next sync.</source>
        <translation>待上传：下次同步时上传到总部。</translation>
    </message>
    <message>
        <source>Counted at HQ for you.</source>
        <translation>总部已计入你的业绩。</translation>
    </message>
    <message>
        <source>Refused by HQ: %1</source>
        <translation>总部拒收：%1</translation>
    </message>
    <message>
        <source>Disputed: another guide of your store claimed order %1 first; your manager will settle it.</source>
        <translation>业绩争议：本店另一位导购先登记了订单 %1，将由区域经理裁定。</translation>
    </message>
    <message>
        <source>Disputed: %1 also claims order %2; counted for you until your manager settles it.</source>
        <translation>业绩争议：%1 也登记了订单 %2；区域经理裁定前计入你的业绩。</translation>
    </message>
    <message>
        <source>Disputed: %1 also claims order %2; counted for %3 until your manager settles it.</source>
        <translation>业绩争议：%1 也登记了订单 %2；区域经理裁定前计入 %3 的业绩。</translation>
    </message>
    <message>
        <source>Counted for you: your manager %1 settled order %2 in your favour.</source>
        <translation>已计入你的业绩：区域经理 %1 将订单 %2 裁定给你。</translation>
    </message>
    <message>
        <source>Not counted for you: your manager %1 credited order %2 to %3.</source>
        <translation>未计入你的业绩：区域经理 %1 将订单 %2 裁定给 %3。</translation>
    </message>
    <message>
        <source>Counted for you: the other claims on order %1 were withdrawn.</source>
        <translation>已计入你的业绩：订单 %1 的其他登记已撤回。</translation>
    </message>
    <message>
        <source>Not counted for you: HQ counts no claim on order %1 now; your manager will settle it.</source>
        <translation>未计入你的业绩：总部暂不计入订单 %1 的任何登记，由区域经理裁定。</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <source>Voided here; HQ learns of it at the next sync.</source>
        <translation>已在本机作废，下次同步时告知总部。</translation>
    </message>
    <message>
        <source>Voided: HQ no longer counts it.</source>
        <translation>已作废：总部不再计入。</translation>
    </message>
    <message>
        <source>Voided here; HQ never counted it.</source>
        <translation>已在本机作废；总部从未计入。</translation>
    </message>
    <message>
        <source>Amended to %1; HQ learns of it at the next sync.</source>
        <translation>已更正为 %1，下次同步时告知总部。</translation>
    </message>
    <message>
        <source>Amended to %1 at HQ.</source>
        <translation>总部已更正为 %1。</translation>
    </message>
    <message>
        <source>HQ refused the correction: %1</source>
        <translation>总部拒收了这次更正：%1</translation>
    </message>
    <message>
        <source>This PC has version %1; HQ needs %2 or newer (the latest is %3).</source>
        <translation>本机版本为 %1；总部要求 %2 或更新版本（最新为 %3）。</translation>
    </message>
    <message>
        <source>This login is locked after too many wrong passwords. Try again in %n minute(s), or ask your manager to reset your password.</source>
        <translation>密码输错次数过多，账号已被锁定。请 %n 分钟后再试，或请区域经理重置密码。</translation>
    </message>
    <message>
        <source>HQ is taking too many sign-ins right now. Try again in %n second(s).</source>
        <translation>总部此刻登录请求过多，请 %n 秒后重试。</translation>
    </message>
    <message>
        <source>Task left out</source>
        <translation>任务未载入</translation>
    </message>
    <message>
        <source>Upload refused</source>
        <translation>上传被拒</translation>
    </message>
    <message>
        <source>Upload clashes</source>
        <translation>上传冲突</translation>
    </message>
    <message>
        <source>Order disputed</source>
        <translation>业绩争议</translation>
    </message>
    <message>
        <source>File not downloaded</source>
        <translation>文件未下载</translation>
    </message>
    <message>
        <source>HQ is taking too many sign-ins right now. Try again in %n minute(s).</source>
        <translation>总部此刻登录请求过多，请 %n 分钟后重试。</translation>
    </message>
</context>
<context>
    <name>MonthPicker</name>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>%1 (this month)</source>
        <translation>%1（本月）</translation>
    </message>
</context>
<context>
    <name>MoveStoreDialog</name>
    <message>
        <source>Move store to region</source>
        <translation>调动门店到其他区域</translation>
    </message>
    <message>
        <source>%1 and its guides move to the region chosen below; its sales stay its own.</source>
        <translation>%1 及其导购将调到下面选择的区域；门店的销售仍归该门店。</translation>
    </message>
    <message>
        <source>&amp;New region:</source>
        <translation>新区域(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Move</source>
        <translation>调动(&amp;M)</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <source>Navigation</source>
        <translation>导航</translation>
    </message>
</context>
<context>
    <name>NewCustomerDialog</name>
    <message>
        <source>New customer</source>
        <translation>新建客户</translation>
    </message>
    <message>
        <source>Discard new customer</source>
        <translation>放弃新建客户</translation>
    </message>
    <message>
        <source>Discard this new customer? Nothing of it has been saved.</source>
        <translation>放弃这位新客户吗？填写的内容都还没有保存。</translation>
    </message>
</context>
<context>
    <name>OrgDialogs</name>
    <message>
        <source>Guide</source>
        <translation>导购</translation>
    </message>
    <message>
        <source>Regional manager</source>
        <translation>区域经理</translation>
    </message>
    <message>
        <source>HQ operator</source>
        <translation>总部运营</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>调动</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>What HQ found</source>
        <translation>总部检查结果</translation>
    </message>
</context>
<context>
    <name>OrganisationPage</name>
    <message>
        <source>Created</source>
        <translation>已创建</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>已修改</translation>
    </message>
    <message>
        <source>Moved</source>
        <translation>已调动</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>已启用</translation>
    </message>
    <message>
        <source>Password reset</source>
        <translation>已重置密码</translation>
    </message>
    <message>
        <source>Imported from a sheet</source>
        <translation>由表格导入</translation>
    </message>
    <message>
        <source>Dispute decided</source>
        <translation>已裁定争议</translation>
    </message>
    <message>
        <source>Settings changed</source>
        <translation>已修改设置</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>city</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>region</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>store</source>
        <translation>门店</translation>
    </message>
    <message>
        <source>login</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>门店</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>所属</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Before → after</source>
        <translation>修改前 → 修改后</translation>
    </message>
    <message>
        <source>New region…</source>
        <translation>新建区域…</translation>
    </message>
    <message>
        <source>New store…</source>
        <translation>新建门店…</translation>
    </message>
    <message>
        <source>New account…</source>
        <translation>新建账号…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Move store to region…</source>
        <translation>调动门店到其他区域…</translation>
    </message>
    <message>
        <source>Disable account</source>
        <translation>停用账号</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <source>Import sheet…</source>
        <translation>导入表格…</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Search stores and accounts (Ctrl+F)</source>
        <translation>搜索门店和账号（Ctrl+F）</translation>
    </message>
    <message>
        <source>Search stores and accounts</source>
        <translation>搜索门店和账号</translation>
    </message>
    <message>
        <source>Regions</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Stores</source>
        <translation>门店</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Audit record</source>
        <translation>审计记录</translation>
    </message>
    <message>
        <source>Audit record: select a region, store or account.</source>
        <translation>审计记录：请选择一个区域、门店或账号。</translation>
    </message>
    <message>
        <source>Reading HQ…</source>
        <translation>正在读取总部数据…</translation>
    </message>
    <message>
        <source>%1 region(s), %2 store(s), %3 account(s).</source>
        <translation>%1 个区域，%2 家门店，%3 个账号。</translation>
    </message>
    <message>
        <source>Enable account</source>
        <translation>启用账号</translation>
    </message>
    <message>
        <source>All regions</source>
        <translation>全部区域</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n store(s))</source>
        <translation>
            <numerusform>%1（%n 家门店）</numerusform>
        </translation>
    </message>
    <message>
        <source>HQ</source>
        <translation>总部</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>(not shown)</source>
        <translation>（不显示）</translation>
    </message>
    <message>
        <source>Audit record of %1</source>
        <translation>%1 的审计记录</translation>
    </message>
    <message>
        <source>Disable %1 (%2)? They are signed out on every PC at once and cannot sign in until enabled.</source>
        <translation>停用 %1（%2）吗？该账号会立即在所有电脑上退出登录，重新启用前无法登录。</translation>
    </message>
</context>
<context>
    <name>PanelTime</name>
    <message>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <source>%n min ago</source>
        <translation>%n 分钟前</translation>
    </message>
    <message>
        <source>today %1</source>
        <translation>今天 %1</translation>
    </message>
    <message>
        <source>yesterday %1</source>
        <translation>昨天 %1</translation>
    </message>
    <message>
        <source>%n day(s) ago</source>
        <translation>%n 天前</translation>
    </message>
    <message>
        <source>overdue since %1</source>
        <translation>已逾期（%1）</translation>
    </message>
    <message>
        <source>tomorrow %1</source>
        <translation>明天 %1</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>%1 (%2) is signed out everywhere and signs in with the new password.</source>
        <translation>%1（%2）将在所有电脑上退出登录，之后须用新密码登录。</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>新密码(&amp;N)：</translation>
    </message>
    <message>
        <source>Password a&amp;gain:</source>
        <translation>再次输入密码(&amp;G)：</translation>
    </message>
    <message>
        <source>At least 8 characters.</source>
        <translation>至少 8 个字符。</translation>
    </message>
</context>
<context>
    <name>PerformanceView</name>
    <message>
        <source>Reading your figures…</source>
        <translation>正在读取业绩…</translation>
    </message>
    <message>
        <source>My performance</source>
        <translation>我的业绩</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Fetch your figures from HQ now (a sync also does)</source>
        <translation>立即从总部获取业绩（同步时也会获取）</translation>
    </message>
    <message>
        <source>By &amp;week</source>
        <translation>按周(&amp;W)</translation>
    </message>
    <message>
        <source>By &amp;month</source>
        <translation>按月(&amp;M)</translation>
    </message>
    <message>
        <source>Sales (¥)</source>
        <translation>销售额（¥）</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <source>New customers</source>
        <translation>新增客户</translation>
    </message>
    <message>
        <source>Task completion</source>
        <translation>任务完成</translation>
    </message>
    <message>
        <source>Content sent</source>
        <translation>素材发送</translation>
    </message>
    <message>
        <source>Fetching your figures from HQ…</source>
        <translation>正在从总部获取业绩…</translation>
    </message>
    <message>
        <source>No figures from HQ yet. They come with the next sync (F5), or press Refresh.</source>
        <translation>还没有总部的业绩数据。下次同步（F5）时会获取，也可以点“刷新”。</translation>
    </message>
    <message>
        <source>Offline: no figures fetched yet</source>
        <translation>离线：尚未获取过业绩</translation>
    </message>
    <message>
        <source>Last fetched %1 (offline)</source>
        <translation>最近获取于 %1（离线）</translation>
    </message>
    <message>
        <source>Figures from HQ as of %1</source>
        <translation>总部业绩，截至 %1</translation>
    </message>
    <message>
        <source>This month: %1</source>
        <translation>本月销售：%1</translation>
    </message>
    <message>
        <source>Store this month: %1</source>
        <translation>门店本月：%1</translation>
    </message>
    <message>
        <source>Rank in store: No. %1 of %2</source>
        <translation>店内排名：第 %1 / %2</translation>
    </message>
    <message>
        <source>Rank in store: —</source>
        <translation>店内排名：—</translation>
    </message>
    <message numerus="yes">
        <source>This week: %1 · %n order(s)</source>
        <translation>
            <numerusform>本周：%1 · %n 单</numerusform>
        </translation>
    </message>
    <message>
        <source>No target set</source>
        <translation>未设目标</translation>
    </message>
    <message>
        <source>Target %1</source>
        <translation>目标 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n sale(s) recorded here are not uploaded yet: HQ counts them after the next sync.</source>
        <translation>
            <numerusform>本机有 %n 笔销售待上传：下次同步后总部才会计入。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) this month also claimed by another guide: counted for you until settled.</source>
        <translation>
            <numerusform>本月有 %n 单业绩争议（其他导购也登记了）：处理前仍计入你的业绩。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n week(s), Monday first</source>
        <translation>
            <numerusform>最近 %n 周（周一起）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n month(s)</source>
        <translation>
            <numerusform>最近 %n 个月</numerusform>
        </translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>已计入</translation>
    </message>
    <message>
        <source>Disputed</source>
        <translation>争议</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
</context>
<context>
    <name>PlanFollowUpDialog</name>
    <message>
        <source>Plan a follow-up</source>
        <translation>安排跟进</translation>
    </message>
    <message>
        <source>Follow up with %1</source>
        <translation>跟进 %1</translation>
    </message>
</context>
<context>
    <name>ReachPanel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户数</translation>
    </message>
    <message>
        <source>Guides reporting</source>
        <translation>已上报导购</translation>
    </message>
    <message>
        <source>Reach by region</source>
        <translation>按区域统计覆盖客户</translation>
    </message>
    <message>
        <source>Reach by store</source>
        <translation>按门店统计覆盖客户</translation>
    </message>
    <message>
        <source>By region</source>
        <translation>按区域</translation>
    </message>
    <message>
        <source>By store</source>
        <translation>按门店</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>No preview</source>
        <translation>暂无预览</translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s)</source>
        <translation>
            <numerusform>%n 位客户</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>about %n customer(s)</source>
        <translation>
            <numerusform>约 %n 位客户</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 guides reported book statistics.</source>
        <translation>%2 位导购中有 %1 位上报了通讯录统计。</translation>
    </message>
    <message>
        <source>The oldest are from %1.</source>
        <translation>最早的统计来自 %1。</translation>
    </message>
    <message>
        <source>Tags combine here, so the count is an estimate.</source>
        <translation>这里组合了多个标签条件，因此人数为估算值。</translation>
    </message>
</context>
<context>
    <name>RegionDialog</name>
    <message>
        <source>New region</source>
        <translation>新建区域</translation>
    </message>
    <message>
        <source>Edit region</source>
        <translation>编辑区域</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
</context>
<context>
    <name>ReminderBanner</name>
    <message>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>稍后(&amp;L)</translation>
    </message>
</context>
<context>
    <name>Reminders</name>
    <message>
        <source>Reminders</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Follow-up due</source>
        <translation>跟进到期</translation>
    </message>
    <message>
        <source>Today&apos;s task</source>
        <translation>今日任务</translation>
    </message>
    <message>
        <source>%1, due %2</source>
        <translation>%1，%2 到期</translation>
    </message>
    <message>
        <source>%1 (due %2)</source>
        <translation>%1（%2 截止）</translation>
    </message>
    <message>
        <source>%n follow-up(s) due</source>
        <translation>%n 个跟进到期</translation>
    </message>
    <message>
        <source>%n task(s) for today</source>
        <translation>今日 %n 项任务</translation>
    </message>
    <message>
        <source>%1; %2</source>
        <translation>%1；%2</translation>
    </message>
</context>
<context>
    <name>RescheduleDialog</name>
    <message>
        <source>Reschedule follow-up</source>
        <translation>跟进改期</translation>
    </message>
    <message>
        <source>%1 with %2, due %3</source>
        <translation>%1跟进：%2，%3 到期</translation>
    </message>
    <message>
        <source>&amp;New time</source>
        <translation>新时间(&amp;N)</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <source>&amp;Copy the list (for Excel or WPS)</source>
        <translation>复制列表(&amp;C)（可粘贴到 Excel 或 WPS）</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n row(s): paste them into Excel or WPS.</source>
        <translation>
            <numerusform>已复制 %n 行：可粘贴到 Excel 或 WPS。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RuleEditor</name>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Must have</source>
        <translation>必须有</translation>
    </message>
    <message>
        <source>Any of</source>
        <translation>任一即可</translation>
    </message>
    <message>
        <source>Must not have</source>
        <translation>不能有</translation>
    </message>
    <message>
        <source>&amp;Tags:</source>
        <translation>标签(&amp;T)：</translation>
    </message>
    <message>
        <source>Find a tag, or type a new one and press Enter</source>
        <translation>查找标签，或输入新标签后按 Enter</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>条件</translation>
    </message>
    <message>
        <source>Space: next condition · A: must have · Y: any of · N: must not have · Delete: ignore</source>
        <translation>Space：切换条件 · A：必须有 · Y：任一即可 · N：不能有 · Delete：忽略</translation>
    </message>
    <message>
        <source>Tags and their conditions</source>
        <translation>标签及其条件</translation>
    </message>
    <message>
        <source>Stage:</source>
        <translation>客户阶段：</translation>
    </message>
    <message>
        <source>RFM segment:</source>
        <translation>RFM分层：</translation>
    </message>
    <message>
        <source>Added to the book within</source>
        <translation>加入通讯录不超过</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Other tags</source>
        <translation>其他标签</translation>
    </message>
    <message>
        <source>Every customer in each guide&apos;s book.</source>
        <translation>每位导购通讯录中的所有客户。</translation>
    </message>
    <message>
        <source>must have %1</source>
        <translation>必须有 %1</translation>
    </message>
    <message>
        <source>any of %1</source>
        <translation>有 %1 中任一个</translation>
    </message>
    <message>
        <source>must not have %1</source>
        <translation>不能有 %1</translation>
    </message>
    <message>
        <source>stage %1</source>
        <translation>客户阶段为 %1</translation>
    </message>
    <message>
        <source>segment %1</source>
        <translation>RFM分层为 %1</translation>
    </message>
    <message>
        <source>added in the last %n day(s)</source>
        <translation>近 %n 天内加入</translation>
    </message>
    <message>
        <source>Customers who: %1</source>
        <translation>符合以下条件的客户：%1</translation>
    </message>
</context>
<context>
    <name>RulesPage</name>
    <message>
        <source>Rules every guide&apos;s app applies</source>
        <translation>所有导购端执行的规则</translation>
    </message>
    <message>
        <source>Guides&apos; apps take these rules at their next sync. A change counts from then on: sales already credited keep their guide.</source>
        <translation>导购端在下次同步时获取这些规则，修改从那时起生效：已归属的销售仍归原导购。</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save the rules to HQ (Ctrl+S)</source>
        <translation>将规则保存到总部（Ctrl+S）</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <source>Read HQ&apos;s rules again, dropping what was not saved</source>
        <translation>重新读取总部规则，放弃未保存的修改</translation>
    </message>
    <message>
        <source>Sales credit</source>
        <translation>业绩归属</translation>
    </message>
    <message>
        <source>Book owner, or a recent contact</source>
        <translation>通讯录归属或近期联系</translation>
    </message>
    <message>
        <source>Book owner only</source>
        <translation>仅通讯录归属</translation>
    </message>
    <message>
        <source>Recent contact only</source>
        <translation>仅近期联系</translation>
    </message>
    <message>
        <source>Attribution &amp;rule</source>
        <translation>归属规则(&amp;R)</translation>
    </message>
    <message>
        <source>Book owner, or a recent contact: the guide whose book held the buyer at the sale, or who added them later but contacted them within the window. Book owner only: only buyers already in the book. Recent contact only: only buyers the guide contacted within the window, however long they have been in the book.</source>
        <translation>通讯录归属或近期联系：归属给销售时通讯录中已有该买家的导购，或之后才添加、但在归属期内联系过该买家的导购。仅通讯录归属：只计已在通讯录中的买家。仅近期联系：只计导购在归属期内联系过的买家，不论其在通讯录中多久。</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>&amp;Attribution window</source>
        <translation>归属期(&amp;A)</translation>
    </message>
    <message>
        <source>A sale is credited to the guide whose customer book already held the buyer. A buyer added after the sale still counts for a guide who contacted them within this many days of it. 0: only customers already in the book count.</source>
        <translation>销售归属给通讯录中已有该买家的导购。销售后才添加的买家，如果导购在销售前这么多天内联系过，仍计入该导购。填 0：只计已在通讯录中的客户。</translation>
    </message>
    <message>
        <source>Customer stages</source>
        <translation>客户阶段</translation>
    </message>
    <message>
        <source>dormant after</source>
        <translation>沉睡：超过</translation>
    </message>
    <message>
        <source>lost after</source>
        <translation>流失：超过</translation>
    </message>
    <message>
        <source>&amp;Quiet customers</source>
        <translation>不活跃客户(&amp;Q)</translation>
    </message>
    <message>
        <source>A customer who has not bought, been contacted or been added for more than the first number of days is dormant (沉睡); past the second, lost (流失). Lost must come later than dormant.</source>
        <translation>客户超过第一个天数没有购买、没有被联系、也不是新添加的，即为沉睡；超过第二个天数即为流失。流失的天数必须大于沉睡。</translation>
    </message>
    <message>
        <source>RFM segments (four thresholds each, smallest first)</source>
        <translation>RFM分层（每项四个阈值，从小到大）</translation>
    </message>
    <message>
        <source>R&amp;ecency (days)</source>
        <translation>最近购买（天）(&amp;E)</translation>
    </message>
    <message>
        <source>How recently they last bought: within the first number of days scores 5 points, one point less past each following number.</source>
        <translation>最近一次购买距今多久：在第一个天数以内得 5 分，每超过后面一个天数少 1 分。</translation>
    </message>
    <message>
        <source>&amp;Frequency (purchases)</source>
        <translation>购买频次（次）(&amp;F)</translation>
    </message>
    <message>
        <source>How often they bought: each number of purchases reached adds a point.</source>
        <translation>购买次数：每达到一个次数加 1 分。</translation>
    </message>
    <message>
        <source>&amp;Monetary (¥ spent)</source>
        <translation>消费金额（¥）(&amp;M)</translation>
    </message>
    <message>
        <source>How much they spent in all: each amount reached adds a point.</source>
        <translation>累计消费金额：每达到一个金额加 1 分。</translation>
    </message>
    <message>
        <source>Save rules</source>
        <translation>保存规则</translation>
    </message>
    <message>
        <source>Reading HQ&apos;s rules…</source>
        <translation>正在读取总部规则…</translation>
    </message>
    <message>
        <source>These are HQ&apos;s rules now.</source>
        <translation>以上是总部当前的规则。</translation>
    </message>
    <message>
        <source>Nothing was sent: correct what is marked in red.</source>
        <translation>未提交任何内容：请改正标红的项。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Saved at %1.</source>
        <translation>已于 %1 保存。</translation>
    </message>
    <message>
        <source>A value is outside what HQ accepts.</source>
        <translation>有数值超出总部允许的范围。</translation>
    </message>
    <message>
        <source>Each of the four thresholds must be larger than the one before it.</source>
        <translation>四个阈值必须依次增大。</translation>
    </message>
    <message>
        <source>“Lost” must come later than “dormant”: make its number of days larger.</source>
        <translation>“流失”必须晚于“沉睡”：请把流失的天数设得更大。</translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message>
        <source>Importing</source>
        <translation>正在导入</translation>
    </message>
    <message>
        <source>Stopping leaves your customer book exactly as it was.</source>
        <translation>停止导入后，客户通讯录会保持导入前的样子。</translation>
    </message>
    <message>
        <source>&amp;Stop import</source>
        <translation>停止导入(&amp;S)</translation>
    </message>
    <message>
        <source>%1… %2 of %3</source>
        <translation>%1… %2 / %3</translation>
    </message>
    <message>
        <source>Stopping… nothing of this import will be kept.</source>
        <translation>正在停止… 这次导入的内容都不会保留。</translation>
    </message>
</context>
<context>
    <name>SaleEntry</name>
    <message>
        <source>Enter the amount paid, e.g. 1,299.00.</source>
        <translation>请填写实付金额，例如 1,299.00。</translation>
    </message>
    <message>
        <source>That is not an amount: type digits, e.g. 1299.5.</source>
        <translation>这不是金额：请输入数字，例如 1299.5。</translation>
    </message>
    <message>
        <source>An amount cannot be negative. For a return, correct or void the sale.</source>
        <translation>金额不能为负数。退货请更正或作废原销售。</translation>
    </message>
    <message>
        <source>¥0.00 is no sale: type the amount paid, or void the sale if nothing was paid.</source>
        <translation>¥0.00 不算销售：请填实付金额；若没有付款，请作废这笔销售。</translation>
    </message>
    <message>
        <source>At most 2 decimals: ¥ and fen.</source>
        <translation>最多两位小数（元和分）。</translation>
    </message>
    <message>
        <source>That is more than one sale can be.</source>
        <translation>金额超出单笔销售的上限。</translation>
    </message>
    <message>
        <source>HQ would not credit this sale to you: %1 joined your book after the sale, and HQ credits only customers already in your book.</source>
        <translation>按总部规则，这笔销售不会归属给你：%1 是在这笔销售之后才加入你的通讯录的，而总部只把已在通讯录中的客户归属给你。</translation>
    </message>
    <message>
        <source>HQ would not credit this sale to you: you had no contact with %1 within HQ&apos;s attribution window of the sale, and HQ credits only customers you contacted in it.</source>
        <translation>按总部规则，这笔销售不会归属给你：在总部规定的归属期内你没有联系过 %1，而总部只把归属期内联系过的客户归属给你。</translation>
    </message>
    <message>
        <source>HQ would not credit this sale to you: %1 joined your book after the sale, and you had no contact with them within HQ&apos;s attribution window.</source>
        <translation>按总部规则，这笔销售不会归属给你：%1 是在这笔销售之后才加入你的通讯录的，且在总部规定的归属期内你没有联系过TA。</translation>
    </message>
    <message>
        <source>Credited to you: you added %1 today.</source>
        <translation>业绩归属给你：你今天添加了 %1。</translation>
    </message>
    <message>
        <source>Credited to you: you added %1 %n day(s) ago.</source>
        <translation>业绩归属给你：你在 %n 天前添加了 %1。</translation>
    </message>
    <message>
        <source>Credited to you: you contacted %1 within HQ&apos;s %2-day window of the sale.</source>
        <translation>业绩归属给你：你在总部规定的 %2 天归属期内联系过 %1。</translation>
    </message>
    <message>
        <source>Credited to you: you last contacted %1 %n day(s) before the sale, within HQ&apos;s %2-day window.</source>
        <translation>业绩归属给你：你在销售前 %n 天联系过 %1，在总部规定的 %2 天归属期内。</translation>
    </message>
</context>
<context>
    <name>SaleEntryDialog</name>
    <message>
        <source>Record a sale</source>
        <translation>录入销售</translation>
    </message>
    <message>
        <source>Attribution</source>
        <translation>业绩归属</translation>
    </message>
    <message>
        <source>As on the till&apos;s receipt, e.g. JD20261130088</source>
        <translation>与小票上的一致，例如 JD20261130088</translation>
    </message>
    <message>
        <source>Yuan paid, e.g. 1,299.00</source>
        <translation>实付金额（元），例如 1,299.00</translation>
    </message>
    <message>
        <source>&amp;Customer</source>
        <translation>客户(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Order no.</source>
        <translation>订单号(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Amount (¥)</source>
        <translation>金额(¥)(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Time of sale</source>
        <translation>销售时间(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Items</source>
        <translation>商品(&amp;I)</translation>
    </message>
    <message>
        <source>Save (Enter)</source>
        <translation>保存（回车）</translation>
    </message>
    <message>
        <source>Sold at</source>
        <translation>销售时间</translation>
    </message>
    <message>
        <source>Add item</source>
        <translation>添加商品</translation>
    </message>
    <message>
        <source>Add an item line (Ctrl+I)</source>
        <translation>添加一行商品（Ctrl+I）</translation>
    </message>
    <message>
        <source>Remove item</source>
        <translation>删除商品</translation>
    </message>
    <message>
        <source>Optional. When listed, the items must add up to the amount.</source>
        <translation>选填。填写时，各商品金额之和须等于总金额。</translation>
    </message>
    <message>
        <source>That time is in the future. Record a sale when it has happened.</source>
        <translation>这个时间还没到。请在销售发生后再录入。</translation>
    </message>
    <message>
        <source>That date is before 2000: check the year.</source>
        <translation>日期早于 2000 年：请检查年份。</translation>
    </message>
    <message>
        <source>Pick the customer: type a name, pinyin initials or the phone&apos;s last digits, then Enter.</source>
        <translation>请选择客户：输入姓名、拼音首字母或手机尾号，然后按回车。</translation>
    </message>
    <message>
        <source>Enter the order number from the receipt.</source>
        <translation>请填写小票上的订单号。</translation>
    </message>
    <message>
        <source>An order number has letters, digits, - and _ only.</source>
        <translation>订单号只能包含字母、数字、- 和 _。</translation>
    </message>
    <message>
        <source>The items add up to %1 but the amount is %2: correct one, or remove the items.</source>
        <translation>商品合计 %1，但金额是 %2：请改正其一，或删除商品明细。</translation>
    </message>
    <message>
        <source>Discard this sale</source>
        <translation>放弃这笔销售</translation>
    </message>
    <message>
        <source>Discard this sale? Nothing of it has been saved.</source>
        <translation>放弃这笔销售吗？它还没有保存。</translation>
    </message>
</context>
<context>
    <name>SalesModel</name>
    <message>
        <source>%1 (was %2)</source>
        <translation>%1（原 %2）</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Order no.</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>销售时间</translation>
    </message>
    <message>
        <source>HQ</source>
        <translation>总部状态</translation>
    </message>
    <message>
        <source>(removed customer)</source>
        <translation>（已删除的客户）</translation>
    </message>
</context>
<context>
    <name>SalesPanel</name>
    <message>
        <source>Sold</source>
        <translation>销售时间</translation>
    </message>
    <message>
        <source>Order no.</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Credited as</source>
        <translation>业绩归属</translation>
    </message>
    <message>
        <source>HQ</source>
        <translation>总部状态</translation>
    </message>
    <message numerus="yes">
        <source>%n sale(s), %1 in all</source>
        <translation>
            <numerusform>%n 笔销售，共 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>No sales recorded for this customer yet.</source>
        <translation>这位客户还没有销售记录。</translation>
    </message>
</context>
<context>
    <name>SalesView</name>
    <message>
        <source>My sales</source>
        <translation>我的销售</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Record a sale… (Ctrl+N)</source>
        <translation>录入销售…（Ctrl+N）</translation>
    </message>
    <message>
        <source>No sales recorded yet. Press Ctrl+N to record one: it is credited to you once HQ counts it.</source>
        <translation>还没有录入销售。按 Ctrl+N 录入一笔：总部计入后即归属给你。</translation>
    </message>
    <message>
        <source>&amp;Correct amount…</source>
        <translation>更正金额(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Void…</source>
        <translation>作废(&amp;V)…</translation>
    </message>
    <message>
        <source>Record a sale…</source>
        <translation>录入销售…</translation>
    </message>
    <message>
        <source>Correct the sale&apos;s amount…</source>
        <translation>更正销售金额…</translation>
    </message>
    <message>
        <source>Void the sale…</source>
        <translation>作废销售…</translation>
    </message>
    <message numerus="yes">
        <source>%n sale(s)</source>
        <translation>
            <numerusform>%n 笔</numerusform>
        </translation>
    </message>
    <message>
        <source>at least %1</source>
        <translation>至少 %1</translation>
    </message>
    <message>
        <source>This month: %1, %2</source>
        <translation>本月：%1，%2</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting to upload</source>
        <translation>
            <numerusform>%n 笔待上传</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n disputed</source>
        <translation>
            <numerusform>%n 笔有争议</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n credited to another guide</source>
        <translation>
            <numerusform>%n 笔归属其他导购</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScheduleField</name>
    <message>
        <source>Schedule</source>
        <translation>执行计划</translation>
    </message>
    <message>
        <source> day(s)</source>
        <translation> 天</translation>
    </message>
</context>
<context>
    <name>SendToDialog</name>
    <message>
        <source>Send “%1” to…</source>
        <translation>把“%1”发送给…</translation>
    </message>
    <message>
        <source>Copy “%1” for…</source>
        <translation>为谁复制“%1”…</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <source>Name, phone, WeCom remark or pinyin</source>
        <translation>姓名、手机、企微备注或拼音</translation>
    </message>
    <message>
        <source>&amp;Today&apos;s targets</source>
        <translation>今日任务客户(&amp;T)</translation>
    </message>
    <message>
        <source>Only the customers on today&apos;s task lists still to contact (Alt+T)</source>
        <translation>只看今日任务中还没联系的客户（Alt+T）</translation>
    </message>
    <message>
        <source>Space: tick or untick · Enter: send</source>
        <translation>空格 勾选/取消 · Enter 发送</translation>
    </message>
    <message>
        <source>Enter: choose this customer</source>
        <translation>Enter 选择这位客户</translation>
    </message>
    <message>
        <source>Nobody matches.</source>
        <translation>没有符合的客户。</translation>
    </message>
    <message>
        <source>Choose</source>
        <translation>选择</translation>
    </message>
    <message>
        <source>Chosen: %1</source>
        <translation>已选：%1</translation>
    </message>
    <message>
        <source>Tick the customers you sent it to.</source>
        <translation>勾选你已发送的客户。</translation>
    </message>
    <message numerus="yes">
        <source>Log as sent to %n customer(s)</source>
        <translation>
            <numerusform>记为已发给 %n 位客户</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>The sign-in window uses it too.</source>
        <translation>登录窗口也使用此语言。</translation>
    </message>
    <message>
        <source>S&amp;ync with HQ every</source>
        <translation>与总部同步间隔(&amp;Y)</translation>
    </message>
    <message>
        <source>In the background, while Guide Desk is open.</source>
        <translation>导购工作台打开时在后台同步。</translation>
    </message>
    <message>
        <source>Lock &amp;after idle</source>
        <translation>空闲后锁定(&amp;A)</translation>
    </message>
    <message>
        <source>Only the signed-in guide&apos;s password opens it again.</source>
        <translation>只有已登录导购的密码才能重新打开。</translation>
    </message>
    <message>
        <source>&amp;Quiet hours</source>
        <translation>免打扰时段(&amp;Q)</translation>
    </message>
    <message>
        <source>No reminders then; what comes due waits and shows as one message after.</source>
        <translation>此时段内不提醒；期间到期的事项在结束后合并为一条提醒。</translation>
    </message>
    <message>
        <source>&amp;Reminders</source>
        <translation>提醒(&amp;R)</translation>
    </message>
    <message>
        <source>Remind me of due follow-ups and today&apos;s tasks</source>
        <translation>提醒我到期的跟进和今日任务</translation>
    </message>
    <message>
        <source>Start with the &amp;system</source>
        <translation>开机启动(&amp;S)</translation>
    </message>
    <message>
        <source>Start Guide Desk when this computer&apos;s user signs in</source>
        <translation>登录这台电脑时自动启动导购工作台</translation>
    </message>
    <message>
        <source>Start in the &amp;tray</source>
        <translation>启动到托盘(&amp;T)</translation>
    </message>
    <message>
        <source>When started with the system, wait in the tray without a window</source>
        <translation>开机启动时只在托盘等待，不打开窗口</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>On, from</source>
        <translation>开启，从</translation>
    </message>
    <message>
        <source>Quiet hours start</source>
        <translation>免打扰开始时间</translation>
    </message>
    <message>
        <source>Quiet hours end</source>
        <translation>免打扰结束时间</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>These settings apply to every guide who signs in on this PC.</source>
        <translation>这些设置适用于在这台电脑上登录的每一位导购。</translation>
    </message>
    <message>
        <source>&amp;Open folder</source>
        <translation>打开文件夹(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Data folder</source>
        <translation>数据文件夹(&amp;D)</translation>
    </message>
    <message>
        <source>Books, backups and content files; IT copies it for a backup.</source>
        <translation>客户通讯录、备份和素材文件都在这里；IT 备份时复制此文件夹。</translation>
    </message>
    <message>
        <source>Quiet hours must start and end at different times.</source>
        <translation>免打扰时段的开始和结束时间不能相同。</translation>
    </message>
    <message>
        <source>Nothing was saved: the system&apos;s start-up list could not be changed.</source>
        <translation>未保存：无法修改系统的开机启动项。</translation>
    </message>
    <message>
        <source>Nothing was saved: this PC&apos;s app folder cannot be written.</source>
        <translation>未保存：无法写入本机的应用文件夹。</translation>
    </message>
    <message>
        <source>Nothing was saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
</context>
<context>
    <name>SheetPage</name>
    <message>
        <source>Performance sheet</source>
        <translation>业绩表</translation>
    </message>
    <message>
        <source>An Excel workbook from HQ: a summary by region with a chart, stores, guides with their targets, tasks, and every counted sale (customers only as pseudonymous references).</source>
        <translation>由总部生成的 Excel 工作簿：按区域汇总（附图表）、门店、导购及其目标、任务，以及每一笔已计入的销售（客户只以化名编号出现）。</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>开始日期(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>结束日期(&amp;T)：</translation>
    </message>
    <message>
        <source>All regions</source>
        <translation>全部区域</translation>
    </message>
    <message>
        <source>One region</source>
        <translation>单个区域</translation>
    </message>
    <message>
        <source>My whole region</source>
        <translation>我负责的整个区域</translation>
    </message>
    <message>
        <source>One store</source>
        <translation>单个门店</translation>
    </message>
    <message>
        <source>&amp;Scope:</source>
        <translation>范围(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>区域(&amp;R)：</translation>
    </message>
    <message>
        <source>S&amp;tore:</source>
        <translation>门店(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Save as…</source>
        <translation>另存为(&amp;S)…</translation>
    </message>
    <message>
        <source>Choose where to save the sheet, then download it (Ctrl+S)</source>
        <translation>选择保存位置，然后下载业绩表（Ctrl+S）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the download and remove the partial file (Esc)</source>
        <translation>停止下载并删除未下载完的文件（Esc）</translation>
    </message>
    <message>
        <source>&amp;Open folder</source>
        <translation>打开文件夹(&amp;O)</translation>
    </message>
    <message>
        <source>performance</source>
        <translation>业绩表</translation>
    </message>
    <message>
        <source>Save the performance sheet</source>
        <translation>保存业绩表</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Cancelled. The partial file was removed.</source>
        <translation>已取消，未下载完的文件已删除。</translation>
    </message>
    <message>
        <source>%1 received in %2 s</source>
        <translation>已接收 %1，用时 %2 秒</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
    <message>
        <source>%1 in %2 s.</source>
        <translation>%1，用时 %2 秒。</translation>
    </message>
</context>
<context>
    <name>SidePanel</name>
    <message>
        <source>%1 — side panel</source>
        <translation>%1 — 侧边栏助手</translation>
    </message>
    <message>
        <source>Matching customers</source>
        <translation>匹配的客户</translation>
    </message>
    <message>
        <source>Name, remark or pinyin (wl)</source>
        <translation>姓名、备注或拼音（wl）</translation>
    </message>
    <message>
        <source>Find a customer</source>
        <translation>查找客户</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>客户卡</translation>
    </message>
    <message>
        <source>Open the full card in the main window (Ctrl+O)</source>
        <translation>在主窗口打开完整客户卡（Ctrl+O）</translation>
    </message>
    <message>
        <source>What was said (optional)</source>
        <translation>聊了什么（可不填）</translation>
    </message>
    <message>
        <source>Note for the contact or follow-up</source>
        <translation>联系或跟进的备注</translation>
    </message>
    <message>
        <source>Contacted</source>
        <translation>已联系</translation>
    </message>
    <message>
        <source>Log a message to this customer now (Ctrl+Enter)</source>
        <translation>记一条刚发给该客户的消息（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Follow-up done</source>
        <translation>跟进完成</translation>
    </message>
    <message>
        <source>Close the soonest open follow-up; the note is its outcome (Ctrl+D)</source>
        <translation>完成最近一条待办跟进，备注即跟进结果（Ctrl+D）</translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation>明天跟进</translation>
    </message>
    <message>
        <source>Plan a follow-up tomorrow at %1:00 (Ctrl+T)</source>
        <translation>计划明天 %1:00 跟进（Ctrl+T）</translation>
    </message>
    <message>
        <source>Ctrl+Enter contacted · Ctrl+D follow-up done · Ctrl+T tomorrow · Ctrl+1–9 copy · Ctrl+O card · Ctrl+F find</source>
        <translation>Ctrl+Enter 已联系 · Ctrl+D 跟进完成 · Ctrl+T 明天跟进 · Ctrl+1–9 复制 · Ctrl+O 客户卡 · Ctrl+F 查找</translation>
    </message>
    <message>
        <source>Follow up tomorrow</source>
        <translation>明天跟进</translation>
    </message>
    <message>
        <source>Open card</source>
        <translation>打开客户卡</translation>
    </message>
    <message>
        <source>Copy item %1</source>
        <translation>复制第 %1 条</translation>
    </message>
    <message>
        <source>Type a name, a WeCom remark, or pinyin initials: wl finds Wang Li.</source>
        <translation>输入姓名、企业微信备注或拼音首字母：输入 wl 可找到王丽。</translation>
    </message>
    <message>
        <source>This customer is no longer in the book. Find another one.</source>
        <translation>该客户已不在通讯录中，请查找其他客户。</translation>
    </message>
    <message>
        <source>No customer matches “%1”.</source>
        <translation>没有与“%1”匹配的客户。</translation>
    </message>
    <message>
        <source>No open follow-up. Ctrl+T plans one for tomorrow.</source>
        <translation>没有待办跟进。按 Ctrl+T 计划明天跟进。</translation>
    </message>
    <message>
        <source>Write what came of it in the note first: it goes onto the timeline.</source>
        <translation>请先在备注中写下跟进结果：它会记入客户动态。</translation>
    </message>
    <message>
        <source>Contact logged at %1.</source>
        <translation>已于 %1 记录联系。</translation>
    </message>
    <message>
        <source>Follow-up done at %1.</source>
        <translation>已于 %1 完成跟进。</translation>
    </message>
    <message>
        <source>Follow-up planned for tomorrow at %1:00.</source>
        <translation>已计划明天 %1:00 跟进。</translation>
    </message>
    <message>
        <source>Copied “%1”: paste it in WeCom.</source>
        <translation>已复制“%1”：可粘贴到企业微信。</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in — %1</source>
        <translation>登录 — %1</translation>
    </message>
    <message>
        <source>Sign in with your HQ login</source>
        <translation>用总部账号登录</translation>
    </message>
    <message>
        <source>e.g. 192.168.1.10:8710</source>
        <translation>例如 192.168.1.10:8710</translation>
    </message>
    <message>
        <source>your login, e.g. wang.li</source>
        <translation>您的账号，例如 wang.li</translation>
    </message>
    <message>
        <source>your HQ password</source>
        <translation>总部账号的密码</translation>
    </message>
    <message>
        <source>&amp;HQ address</source>
        <translation>总部地址(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Login</source>
        <translation>账号(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop waiting (Esc)</source>
        <translation>停止等待（Esc）</translation>
    </message>
    <message>
        <source>Enter HQ&apos;s address: your manager or IT staff can tell you.</source>
        <translation>请填写总部地址（可以问区域经理或 IT 同事）。</translation>
    </message>
    <message>
        <source>Enter your login.</source>
        <translation>请填写账号。</translation>
    </message>
    <message>
        <source>Signing in at HQ…</source>
        <translation>正在登录总部…</translation>
    </message>
    <message>
        <source>HQ cannot be reached, so your book opens offline with your last sign-in on this PC. Your work is kept here and goes to HQ at the next sync.</source>
        <translation>连不上总部，已按您上次在本机的登录离线打开客户通讯录。您的操作都保存在本机，下次同步时上传总部。</translation>
    </message>
    <message>
        <source>Signed in as %1. Opening your customer book…</source>
        <translation>已登录：%1。正在打开客户通讯录…</translation>
    </message>
    <message>
        <source>Signed in as %1. Opening your workspace…</source>
        <translation>已登录：%1。正在打开工作台…</translation>
    </message>
    <message>
        <source>Stopped waiting for HQ. Nothing was signed in.</source>
        <translation>已停止等待总部，没有登录。</translation>
    </message>
    <message>
        <source>Stopped waiting for your book. Sign in again to open it.</source>
        <translation>已停止等待客户通讯录打开。请重新登录来打开它。</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
</context>
<context>
    <name>SkipReasonDialog</name>
    <message>
        <source>Already in touch today</source>
        <translation>今天已经联系过</translation>
    </message>
    <message>
        <source>Asked not to be disturbed</source>
        <translation>客户要求不要打扰</translation>
    </message>
    <message>
        <source>Deleted me on WeCom</source>
        <translation>企微已把我删除</translation>
    </message>
    <message>
        <source>Not a fit for this task</source>
        <translation>不适合这个任务</translation>
    </message>
    <message>
        <source>Bought recently</source>
        <translation>最近刚买过</translation>
    </message>
    <message>
        <source>Skip %1</source>
        <translation>跳过 %1</translation>
    </message>
    <message>
        <source>Why skip %1 today?</source>
        <translation>今天为什么跳过 %1？</translation>
    </message>
    <message>
        <source>Or write your own reason</source>
        <translation>或者自己写原因</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Pick or write a reason.</source>
        <translation>请选择或填写原因。</translation>
    </message>
</context>
<context>
    <name>SopEditor</name>
    <message>
        <source>Every day</source>
        <translation>每天</translation>
    </message>
    <message>
        <source>On chosen weekdays</source>
        <translation>每周指定几天</translation>
    </message>
    <message>
        <source>On one date</source>
        <translation>指定日期</translation>
    </message>
    <message>
        <source>Days after the customer was added</source>
        <translation>客户添加后若干天</translation>
    </message>
    <message>
        <source>Days before the customer&apos;s birthday</source>
        <translation>客户生日前若干天</translation>
    </message>
    <message>
        <source>Every store</source>
        <translation>所有门店</translation>
    </message>
    <message>
        <source>Chosen regions</source>
        <translation>指定区域</translation>
    </message>
    <message>
        <source>Chosen stores</source>
        <translation>指定门店</translation>
    </message>
    <message>
        <source>New SOP template</source>
        <translation>新建 SOP 模板</translation>
    </message>
    <message>
        <source>Edit SOP template</source>
        <translation>编辑 SOP 模板</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>素材</translation>
    </message>
    <message>
        <source>Active: guides&apos; apps make tasks from it</source>
        <translation>启用：导购端据此生成任务</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>标题(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Instructions:</source>
        <translation>说明(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;Schedule:</source>
        <translation>执行计划(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Due by:</source>
        <translation>截止时间(&amp;D)：</translation>
    </message>
    <message>
        <source>C&amp;ontent:</source>
        <translation>素材(&amp;O)：</translation>
    </message>
    <message>
        <source>Reach (from guides&apos; book statistics)</source>
        <translation>覆盖客户（依据导购通讯录统计）</translation>
    </message>
    <message>
        <source>Who it is for</source>
        <translation>面向对象</translation>
    </message>
    <message>
        <source>Audience</source>
        <translation>适用范围</translation>
    </message>
    <message>
        <source>Regions or stores</source>
        <translation>区域或门店</translation>
    </message>
    <message>
        <source>Which of their customers:</source>
        <translation>其中哪些客户：</translation>
    </message>
    <message>
        <source>Tick at least one region or store.</source>
        <translation>请至少勾选一个区域或门店。</translation>
    </message>
    <message>
        <source>Tick at least one region or store, or choose every store.</source>
        <translation>请至少勾选一个区域或门店，或选择所有门店。</translation>
    </message>
</context>
<context>
    <name>SopPage</name>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>执行计划</translation>
    </message>
    <message>
        <source>Due by</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <source>Audience</source>
        <translation>适用范围</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>New template…</source>
        <translation>新建模板…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>SOP templates</source>
        <translation>SOP 模板</translation>
    </message>
    <message>
        <source>Reading HQ…</source>
        <translation>正在读取总部数据…</translation>
    </message>
    <message numerus="yes">
        <source>%n template(s).</source>
        <translation>
            <numerusform>共 %n 个模板。</numerusform>
        </translation>
    </message>
    <message>
        <source>Every store</source>
        <translation>所有门店</translation>
    </message>
    <message>
        <source>Regions: %1</source>
        <translation>区域：%1</translation>
    </message>
    <message>
        <source>Stores: %1</source>
        <translation>门店：%1</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Delete SOP template</source>
        <translation>删除 SOP 模板</translation>
    </message>
    <message>
        <source>Delete “%1”? Guides&apos; apps stop making tasks from it at their next sync.</source>
        <translation>删除“%1”吗？导购端下次同步后将不再据此生成任务。</translation>
    </message>
</context>
<context>
    <name>StoreDialog</name>
    <message>
        <source>New store</source>
        <translation>新建门店</translation>
    </message>
    <message>
        <source>Edit store</source>
        <translation>编辑门店</translation>
    </message>
    <message>
        <source>&amp;Code:</source>
        <translation>编码(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>C&amp;ity:</source>
        <translation>城市(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>区域(&amp;R)：</translation>
    </message>
</context>
<context>
    <name>SuitedContent</name>
    <message>
        <source>Script</source>
        <translation>话术</translation>
    </message>
    <message>
        <source>Poster</source>
        <translation>海报</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>链接</translation>
    </message>
</context>
<context>
    <name>SuitedContentList</name>
    <message>
        <source>For this stage</source>
        <translation>适合该阶段</translation>
    </message>
    <message>
        <source>Scripts and content for this stage</source>
        <translation>适合该阶段的话术和素材</translation>
    </message>
    <message>
        <source>No scripts or content for this stage yet.</source>
        <translation>暂无适合该阶段的话术或素材。</translation>
    </message>
    <message>
        <source>This picture is not on this PC yet: sync (F5) in the main window.</source>
        <translation>该图片还未下载到本机：请在主窗口同步（F5）。</translation>
    </message>
    <message>
        <source>This item has nothing to paste: open it in the content library.</source>
        <translation>该素材没有可粘贴的内容：请在素材库中打开。</translation>
    </message>
</context>
<context>
    <name>SyncBar</name>
    <message>
        <source>Fetching HQ&apos;s changes</source>
        <translation>获取总部更新</translation>
    </message>
    <message>
        <source>Uploading sales and progress</source>
        <translation>上传销售和任务进度</translation>
    </message>
    <message>
        <source>Downloading content files</source>
        <translation>下载素材文件</translation>
    </message>
    <message>
        <source>Laying out today&apos;s tasks</source>
        <translation>生成今日任务</translation>
    </message>
    <message>
        <source>Updating customer stages</source>
        <translation>更新客户阶段</translation>
    </message>
    <message>
        <source>Reading the file</source>
        <translation>读取文件</translation>
    </message>
    <message>
        <source>Saving customers</source>
        <translation>保存客户</translation>
    </message>
    <message>
        <source>Writing the workbook</source>
        <translation>写入 Excel 文件</translation>
    </message>
    <message>
        <source>Update needed: sync is paused, your work is kept on this PC</source>
        <translation>需要更新：同步已暂停，您的工作保存在本机</translation>
    </message>
    <message>
        <source>HQ needs an update: sync is paused, your work is kept on this PC</source>
        <translation>总部需要更新：同步已暂停，您的工作保存在本机</translation>
    </message>
    <message>
        <source>today %1</source>
        <translation>今天 %1</translation>
    </message>
    <message>
        <source>yesterday %1</source>
        <translation>昨天 %1</translation>
    </message>
    <message>
        <source>Offline: your work is kept on this PC and uploads when HQ can be reached</source>
        <translation>离线：您的操作保存在本机，连上总部后自动上传</translation>
    </message>
    <message>
        <source>last synced %1</source>
        <translation>上次同步 %1</translation>
    </message>
    <message>
        <source>not synced yet</source>
        <translation>还没有同步过</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop syncing at the next safe point</source>
        <translation>在下一个安全的时间点停止同步</translation>
    </message>
    <message>
        <source>How to update…</source>
        <translation>如何更新…</translation>
    </message>
    <message numerus="yes">
        <source>%n sync problem(s)</source>
        <translation>
            <numerusform>%n 个同步问题</numerusform>
        </translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Check for &amp;updates…</source>
        <translation>检查更新(&amp;U)…</translation>
    </message>
    <message>
        <source>%n waiting to upload</source>
        <translation>%n 条待上传</translation>
    </message>
</context>
<context>
    <name>SyncProblemsDialog</name>
    <message>
        <source>Sync problems</source>
        <translation>同步问题</translation>
    </message>
    <message>
        <source>The last sync stopped: %1</source>
        <translation>上次同步中断：%1</translation>
    </message>
    <message>
        <source>The last sync finished. These items need your attention:</source>
        <translation>上次同步已完成。以下事项需要您处理：</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>What it means</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>相关编号</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Nothing needs your attention.</source>
        <translation>没有需要您处理的事项。</translation>
    </message>
</context>
<context>
    <name>TagChips</name>
    <message>
        <source>No tags</source>
        <translation>暂无标签</translation>
    </message>
</context>
<context>
    <name>TagTree</name>
    <message>
        <source>My tags</source>
        <translation>个人标签</translation>
    </message>
    <message>
        <source>%1 (HQ)</source>
        <translation>%1 · 企业标签</translation>
    </message>
    <message>
        <source>%1, one per customer</source>
        <translation>%1 · 每位客户限一个</translation>
    </message>
</context>
<context>
    <name>TagsPanel</name>
    <message>
        <source>A tag of your own, e.g. likes black</source>
        <translation>个人标签，例如 喜欢黑色</translation>
    </message>
    <message>
        <source>Add ta&amp;g</source>
        <translation>添加标签(&amp;G)</translation>
    </message>
    <message>
        <source>New personal tag:</source>
        <translation>新的个人标签：</translation>
    </message>
    <message>
        <source>No tags yet. HQ&apos;s tags arrive with the next sync.</source>
        <translation>还没有标签。企业标签会在下次同步时下载。</translation>
    </message>
    <message>
        <source>%1 · HQ tags · choose one</source>
        <translation>%1 · 企业标签 · 单选</translation>
    </message>
    <message>
        <source>%1 · HQ tags</source>
        <translation>%1 · 企业标签</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>TargetsPage</name>
    <message>
        <source>Targets</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>For</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>门店</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Target (¥)</source>
        <translation>目标(¥)</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Set by</source>
        <translation>设置人</translation>
    </message>
    <message>
        <source>Set at</source>
        <translation>设置时间</translation>
    </message>
    <message>
        <source>&amp;Month:</source>
        <translation>月份(&amp;M)：</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>区域(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Save changes</source>
        <translation>保存修改(&amp;S)</translation>
    </message>
    <message>
        <source>Send the changed targets to HQ (Ctrl+S)</source>
        <translation>把修改过的目标提交到总部（Ctrl+S）</translation>
    </message>
    <message>
        <source>Guide</source>
        <translation>导购</translation>
    </message>
    <message>
        <source>Not saved yet</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>HQ (account %1)</source>
        <translation>总部（账号 %1）</translation>
    </message>
    <message numerus="yes">
        <source>%n amount(s) marked in red are not valid: correct them first. Nothing was sent.</source>
        <translation>
            <numerusform>有 %n 个标红的金额无效：请先改正。未提交任何内容。</numerusform>
        </translation>
    </message>
    <message>
        <source>No target was changed.</source>
        <translation>没有修改任何目标。</translation>
    </message>
    <message numerus="yes">
        <source>Saving %n target(s)…</source>
        <translation>
            <numerusform>正在保存 %n 个目标…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n target(s) saved.</source>
        <translation>
            <numerusform>已保存 %n 个目标。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not saved: see the rows marked in red.</source>
        <translation>
            <numerusform>%n 个未保存：请查看标红的行。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TaskCustomersModel</name>
    <message>
        <source>Space: done / not done · S: skip with a reason · Enter: open the customer</source>
        <translation>Space：完成/取消完成 · S：跳过并写原因 · Enter：打开客户</translation>
    </message>
    <message>
        <source>skipped: %1</source>
        <translation>已跳过：%1</translation>
    </message>
</context>
<context>
    <name>TaskDialog</name>
    <message>
        <source>New task</source>
        <translation>新建任务</translation>
    </message>
    <message>
        <source>Create task</source>
        <translation>创建任务</translation>
    </message>
    <message>
        <source>Create the task (Ctrl+Enter)</source>
        <translation>创建任务（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>e.g. Invite VIP customers to the winter preview</source>
        <translation>例如 邀请 VIP 客户参加冬季新品预览</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>标题(&amp;T)：</translation>
    </message>
    <message>
        <source>What the guides should do, and how</source>
        <translation>导购要做什么、怎么做</translation>
    </message>
    <message>
        <source>&amp;Instructions:</source>
        <translation>说明(&amp;I)：</translation>
    </message>
    <message>
        <source>Local time on this PC</source>
        <translation>本机时间</translation>
    </message>
    <message>
        <source>&amp;Due:</source>
        <translation>到期(&amp;D)：</translation>
    </message>
    <message>
        <source> customers per guide</source>
        <translation> 位客户/每位导购</translation>
    </message>
    <message>
        <source>T&amp;arget:</source>
        <translation>目标(&amp;A)：</translation>
    </message>
    <message>
        <source>For:</source>
        <translation>对象：</translation>
    </message>
    <message>
        <source>&amp;Regions</source>
        <translation>区域(&amp;R)</translation>
    </message>
    <message>
        <source>The whole &amp;region</source>
        <translation>整个区域(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Guides</source>
        <translation>导购(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Stores</source>
        <translation>门店(&amp;S)</translation>
    </message>
    <message>
        <source>Whom the task is for</source>
        <translation>任务对象</translation>
    </message>
    <message>
        <source>Space ticks the one under the cursor</source>
        <translation>按 Space 勾选光标所在项</translation>
    </message>
    <message>
        <source>&amp;Content to send (tick up to 20):</source>
        <translation>要发送的素材（最多勾选 20 项）(&amp;C)：</translation>
    </message>
    <message>
        <source>Search the library by title, campaign or tag</source>
        <translation>按标题、活动或标签搜索素材库</translation>
    </message>
    <message>
        <source>Content from the library</source>
        <translation>素材库中的素材</translation>
    </message>
    <message>
        <source>Which customers (each guide&apos;s own book):</source>
        <translation>哪些客户（各导购自己的通讯录）：</translation>
    </message>
    <message>
        <source>Reading your stores, guides and the library from HQ…</source>
        <translation>正在从总部读取门店、导购和素材库…</translation>
    </message>
</context>
<context>
    <name>TasksPage</name>
    <message>
        <source>Open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>&amp;New task…</source>
        <translation>新建任务(&amp;N)…</translation>
    </message>
    <message>
        <source>Hand out a task to guides (Ctrl+N)</source>
        <translation>给导购下发任务（Ctrl+N）</translation>
    </message>
    <message>
        <source>&amp;Cancel task…</source>
        <translation>取消任务(&amp;C)…</translation>
    </message>
    <message>
        <source>Withdraw the chosen task from its guides (Ctrl+Delete)</source>
        <translation>从导购处撤回所选任务（Ctrl+Delete）</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>Guides</source>
        <translation>导购数</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Progress by guide</source>
        <translation>各导购进度</translation>
    </message>
    <message>
        <source>Guide</source>
        <translation>导购</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>门店</translation>
    </message>
    <message>
        <source>Done / target</source>
        <translation>完成/目标</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Last update</source>
        <translation>最近更新</translation>
    </message>
    <message>
        <source>Reading HQ…</source>
        <translation>正在读取总部数据…</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) · read %1</source>
        <translation>
            <numerusform>%n 个任务 · 读取于 %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n guide(s) overdue</source>
        <translation>
            <numerusform>%n 位导购已逾期</numerusform>
        </translation>
    </message>
    <message>
        <source>No task yet. Press Ctrl+N to hand one out.</source>
        <translation>还没有任务。按 Ctrl+N 下发一个。</translation>
    </message>
    <message>
        <source>Due %1</source>
        <translation>%1 到期</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) of content</source>
        <translation>
            <numerusform>%n 项素材</numerusform>
        </translation>
    </message>
    <message>
        <source>No report yet</source>
        <translation>尚未上报</translation>
    </message>
    <message>
        <source>Cancel the task &apos;%1&apos;? Its guides will no longer see it.</source>
        <translation>取消任务“%1”吗？导购将不再看到这个任务。</translation>
    </message>
</context>
<context>
    <name>TeamPage</name>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>no statistics yet</source>
        <translation>暂无统计</translation>
    </message>
    <message>
        <source>no target</source>
        <translation>未设目标</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <source>Disputed</source>
        <translation>争议</translation>
    </message>
    <message>
        <source>New customers</source>
        <translation>新增客户</translation>
    </message>
    <message>
        <source>Tasks done</source>
        <translation>任务完成</translation>
    </message>
    <message>
        <source>Tasks %</source>
        <translation>任务完成率</translation>
    </message>
    <message>
        <source>Overdue follow-ups</source>
        <translation>逾期跟进</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Reached</source>
        <translation>达成率</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>门店</translation>
    </message>
    <message>
        <source>Guides</source>
        <translation>导购</translation>
    </message>
    <message>
        <source>Guide</source>
        <translation>导购</translation>
    </message>
    <message>
        <source>Behind the month&apos;s pace: %1 expected by now, %2 sold.</source>
        <translation>落后本月进度：按进度此时应达 %1，实际销售 %2。</translation>
    </message>
    <message>
        <source>The guide&apos;s app has not sent its book statistics to HQ yet; they come with its daily sync.</source>
        <translation>该导购端还没有向总部上传通讯录统计；统计会随每日同步上传。</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>&amp;Month:</source>
        <translation>月份(&amp;M)：</translation>
    </message>
    <message>
        <source>All regions</source>
        <translation>全部区域</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>区域(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Save both tables as an Excel workbook (Ctrl+E)</source>
        <translation>将两张表保存为 Excel 工作簿（Ctrl+E）</translation>
    </message>
    <message>
        <source>Stores</source>
        <translation>门店</translation>
    </message>
    <message>
        <source>Show the guides of</source>
        <translation>显示哪家门店的导购</translation>
    </message>
    <message>
        <source>&amp;Store:</source>
        <translation>门店(&amp;S)：</translation>
    </message>
    <message>
        <source>Reading HQ&apos;s figures…</source>
        <translation>正在读取总部数据…</translation>
    </message>
    <message numerus="yes">
        <source>Stores (%n)</source>
        <translation>
            <numerusform>门店（%n）</numerusform>
        </translation>
    </message>
    <message>
        <source>As of %1</source>
        <translation>截至 %1</translation>
    </message>
    <message>
        <source>All stores</source>
        <translation>全部门店</translation>
    </message>
    <message numerus="yes">
        <source>Guides (%n)</source>
        <translation>
            <numerusform>导购（%n）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n guide(s) behind the month&apos;s pace</source>
        <translation>
            <numerusform>%n 位导购落后本月进度</numerusform>
        </translation>
    </message>
    <message>
        <source>team_%1.xlsx</source>
        <translation>团队业绩_%1.xlsx</translation>
    </message>
    <message>
        <source>Export team figures</source>
        <translation>导出团队业绩</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>正在写入 %1…</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
</context>
<context>
    <name>TileDelegate</name>
    <message>
        <source>Download failed</source>
        <translation>下载失败</translation>
    </message>
    <message>
        <source>Not here yet</source>
        <translation>尚未下载</translation>
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <source>What happened, e.g. asked about the new down jackets</source>
        <translation>发生了什么，例如 问了新款羽绒服</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>记录(&amp;L)</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <source>Up/Down: choose a task · Enter: go to its customers · C: copy its script</source>
        <translation>↑/↓：选择任务 · Enter：查看目标客户 · C：复制话术</translation>
    </message>
    <message>
        <source>No tasks today. Sync (F5) to fetch HQ&apos;s tasks.</source>
        <translation>今天没有任务。按 F5 同步，获取总部下发的任务。</translation>
    </message>
    <message>
        <source>&amp;Tasks</source>
        <translation>任务(&amp;T)</translation>
    </message>
    <message>
        <source>Copy script</source>
        <translation>复制话术</translation>
    </message>
    <message>
        <source>Copy the task&apos;s script to paste in WeCom (C)</source>
        <translation>复制任务的话术，粘贴到企微发送（C）</translation>
    </message>
    <message>
        <source>Enter or double-click: copy this item to paste in WeCom</source>
        <translation>Enter 或双击：复制此项，粘贴到企微</translation>
    </message>
    <message>
        <source>Space: done / not done · S: skip with a reason · Enter: open the customer</source>
        <translation>Space：完成/取消完成 · S：跳过并写原因 · Enter：打开客户</translation>
    </message>
    <message>
        <source>C&amp;ustomers</source>
        <translation>目标客户(&amp;U)</translation>
    </message>
    <message>
        <source>Choose a task on the left to see its customers.</source>
        <translation>在左侧选择一个任务，查看它的目标客户。</translation>
    </message>
    <message>
        <source>Done / not done</source>
        <translation>完成/取消完成</translation>
    </message>
    <message>
        <source>Tick the chosen customer done, or back (Space)</source>
        <translation>把选中的客户标为完成，或改回未完成（Space）</translation>
    </message>
    <message>
        <source>Skip…</source>
        <translation>跳过…</translation>
    </message>
    <message>
        <source>Skip the chosen customer with a reason (S)</source>
        <translation>跳过选中的客户并写明原因（S）</translation>
    </message>
    <message>
        <source>This goal has no customer list: enter how many are done. HQ gets it at the next sync.</source>
        <translation>此任务没有客户名单：请填写已完成的数量，下次同步时上传总部。</translation>
    </message>
    <message>
        <source>&amp;Done so far</source>
        <translation>已完成(&amp;D)</translation>
    </message>
    <message>
        <source>Save count</source>
        <translation>保存数量</translation>
    </message>
    <message>
        <source>Save how many are done (Enter)</source>
        <translation>保存已完成的数量（Enter）</translation>
    </message>
    <message>
        <source>Ctrl+Enter: complete · R: reschedule · L: log outcome · Enter: open the customer</source>
        <translation>Ctrl+Enter：完成 · R：改期 · L：记录结果 · Enter：打开客户</translation>
    </message>
    <message>
        <source>No follow-ups due today.</source>
        <translation>今天没有到期的跟进。</translation>
    </message>
    <message>
        <source>&amp;Follow-ups due</source>
        <translation>待跟进(&amp;F)</translation>
    </message>
    <message>
        <source>Complete…</source>
        <translation>完成…</translation>
    </message>
    <message>
        <source>Done, with what came of it (Ctrl+Enter)</source>
        <translation>完成，并填写结果（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Reschedule…</source>
        <translation>改期…</translation>
    </message>
    <message>
        <source>Move it to another time (R)</source>
        <translation>改到其他时间（R）</translation>
    </message>
    <message>
        <source>Log outcome…</source>
        <translation>记录结果…</translation>
    </message>
    <message>
        <source>Note what happened and keep it open (L)</source>
        <translation>记下情况，跟进保持未完成（L）</translation>
    </message>
    <message>
        <source>Birthdays in the next 7 days · Enter: open the customer</source>
        <translation>未来 7 天过生日的客户 · Enter：打开客户</translation>
    </message>
    <message>
        <source>No birthdays in the next 7 days.</source>
        <translation>未来 7 天没有客户过生日。</translation>
    </message>
    <message>
        <source>&amp;Birthdays, next 7 days</source>
        <translation>未来 7 天生日(&amp;B)</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Follow-ups due (%n overdue)</source>
        <translation>
            <numerusform>待跟进(&amp;F)（%n 个已逾期）</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — today</source>
        <translation>%1 — 今天</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %2, in %n day(s)</source>
        <translation>
            <numerusform>%1 — %2，%n 天后</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n task(s)</source>
        <translation>
            <numerusform>%n 个任务</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 customers done</source>
        <translation>已完成 %1/%2 位客户</translation>
    </message>
    <message numerus="yes">
        <source>%n follow-up(s) due</source>
        <translation>
            <numerusform>%n 个待跟进</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n overdue</source>
        <translation>
            <numerusform>%n 个已逾期</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n birthday(s) in the next 7 days</source>
        <translation>
            <numerusform>7 天内 %n 位客户生日</numerusform>
        </translation>
    </message>
    <message>
        <source>of %1</source>
        <translation>/ %1</translation>
    </message>
    <message>
        <source>C&amp;ustomers (%1 done)</source>
        <translation>目标客户(&amp;U)（已完成 %1）</translation>
    </message>
    <message>
        <source>Nobody in your book matches this task today.</source>
        <translation>今天客户通讯录里没有符合此任务的客户。</translation>
    </message>
    <message>
        <source>No script with this task</source>
        <translation>此任务没有话术</translation>
    </message>
    <message>
        <source>Count saved.</source>
        <translation>数量已保存。</translation>
    </message>
    <message>
        <source>This task has no script to copy.</source>
        <translation>此任务没有可复制的话术。</translation>
    </message>
    <message>
        <source>This file is not on this PC yet: sync (F5) to fetch it.</source>
        <translation>本机还没有这个文件：请按 F5 同步下载。</translation>
    </message>
    <message>
        <source>Copied “%1”: paste it in WeCom.</source>
        <translation>已复制“%1”：可以粘贴到企微了。</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>&amp;Open Guide Desk</source>
        <translation>打开导购工作台(&amp;O)</translation>
    </message>
    <message>
        <source>Side &amp;panel</source>
        <translation>侧边栏助手(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>立即同步(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
</context>
<context>
    <name>UpdatesDialog</name>
    <message>
        <source>Updates</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>This version:</source>
        <translation>当前版本：</translation>
    </message>
    <message>
        <source>Newest at HQ:</source>
        <translation>总部最新版本：</translation>
    </message>
    <message>
        <source>&amp;Download</source>
        <translation>下载(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Restart to update</source>
        <translation>重启以更新(&amp;R)</translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <source>Check &amp;again</source>
        <translation>重新检查(&amp;A)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Roll &amp;back to %1</source>
        <translation>回退到 %1(&amp;B)</translation>
    </message>
    <message>
        <source>%1 (downloaded)</source>
        <translation>%1（已下载）</translation>
    </message>
    <message>
        <source>Asking HQ for the newest version…</source>
        <translation>正在向总部查询最新版本…</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Version %1 was rolled back on this PC, so it is not offered again. A newer version will be.</source>
        <translation>版本 %1 已在本机回退，不会再次提供。更新的版本出来后会提供。</translation>
    </message>
    <message>
        <source>%1 (%2 MB)</source>
        <translation>%1（%2 MB）</translation>
    </message>
    <message>
        <source>Version %1 is ready to download. This version goes on working while it downloads.</source>
        <translation>版本 %1 可以下载了。下载期间当前版本照常使用。</translation>
    </message>
    <message>
        <source>You have the newest version.</source>
        <translation>您使用的已是最新版本。</translation>
    </message>
    <message>
        <source>&amp;Restart now</source>
        <translation>立即重启(&amp;R)</translation>
    </message>
    <message>
        <source>Version %1 starts the next time Guide Desk starts. Restart now to use it; your customer book stays as it is.</source>
        <translation>下次启动导购工作台时将使用版本 %1。立即重启即可使用；您的客户簿保持不变。</translation>
    </message>
    <message>
        <source>HQ cannot be reached, so updates cannot be checked now. This version goes on working.</source>
        <translation>无法连接总部，暂时无法检查更新。当前版本照常使用。</translation>
    </message>
    <message>
        <source>Downloading version %1…</source>
        <translation>正在下载版本 %1…</translation>
    </message>
    <message>
        <source>Checking the signature and unpacking…</source>
        <translation>正在核对签名并解压…</translation>
    </message>
    <message>
        <source>%1 of %2 MB</source>
        <translation>%1 / %2 MB</translation>
    </message>
    <message>
        <source>Download stopped. It goes on from where it stopped when you download again.</source>
        <translation>下载已停止。再次下载时会从中断处继续。</translation>
    </message>
    <message>
        <source>Go back to version %1? Version %2 will not be offered again on this PC; a newer one will be.</source>
        <translation>要回退到版本 %1 吗？本机将不再提供版本 %2；更新的版本出来后会提供。</translation>
    </message>
    <message>
        <source>Roll back</source>
        <translation>回退</translation>
    </message>
</context>
<context>
    <name>VoidSaleDialog</name>
    <message>
        <source>Void the sale</source>
        <translation>作废销售</translation>
    </message>
    <message>
        <source>A void is final: the sale counts for nothing, here and at HQ. To change the amount, correct it instead.</source>
        <translation>作废后不可撤销：这笔销售在本机和总部都不再计入业绩。只需改金额的话，请用更正。</translation>
    </message>
    <message>
        <source>e.g. the customer returned everything; recorded twice</source>
        <translation>例如：顾客整单退货；重复录入</translation>
    </message>
    <message>
        <source>Void sale</source>
        <translation>作废</translation>
    </message>
</context>
<context>
    <name>WorkspaceWindow</name>
    <message>
        <source>Team</source>
        <translation>团队业绩</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Disputes</source>
        <translation>争议订单</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>素材库</translation>
    </message>
    <message>
        <source>SOP templates</source>
        <translation>SOP 模板</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>组织架构</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Performance sheet</source>
        <translation>业绩表</translation>
    </message>
    <message>
        <source>%1 — %2 (%3)</source>
        <translation>%1 — %2（%3）</translation>
    </message>
    <message>
        <source>Signed in to HQ at %1</source>
        <translation>已登录总部：%1</translation>
    </message>
    <message>
        <source>Regional manager</source>
        <translation>区域经理</translation>
    </message>
    <message>
        <source>HQ operator</source>
        <translation>总部运营</translation>
    </message>
    <message>
        <source>&amp;Workspace</source>
        <translation>工作台(&amp;W)</translation>
    </message>
    <message>
        <source>Refresh from HQ</source>
        <translation>从总部刷新</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Reading HQ again…</source>
        <translation>正在重新读取总部数据…</translation>
    </message>
</context>
</TS>
