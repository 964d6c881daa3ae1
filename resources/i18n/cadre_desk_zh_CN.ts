<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Cadre Station Books</source>
        <translation>关于老干部驿站台账</translation>
    </message>
    <message>
        <source>Books for the community stations serving retired cadres: the roster, activities and sign-ins, visits, volunteer service, reports and sync with the district office.</source>
        <translation>社区老干部驿站的工作台账：人员名册、活动与签到、走访慰问、志愿服务、统计报表，以及与区老干部局的数据同步。</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>数据目录：</translation>
    </message>
    <message>
        <source>&amp;Open data folder</source>
        <translation>打开数据目录(&amp;O)</translation>
    </message>
    <message>
        <source>Built on:</source>
        <translation>运行环境：</translation>
    </message>
    <message>
        <source>System:</source>
        <translation>操作系统：</translation>
    </message>
    <message>
        <source>Components included with the program, and their licences (choose one to read its licence):</source>
        <translation>本程序包含的组件及其许可证（选中一项即可在下方阅读其许可证全文）：</translation>
    </message>
    <message>
        <source>For support: the version, the data folder and the system, as text to paste into a message</source>
        <translation>供技术支持使用：把版本、数据目录和操作系统信息复制为文字，可粘贴到消息中发送</translation>
    </message>
    <message>
        <source>&amp;Copy version information</source>
        <translation>复制版本信息(&amp;C)</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
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
        <source>Used for</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Data folder: %1</source>
        <translation>数据目录：%1</translation>
    </message>
    <message>
        <source>System: %1</source>
        <translation>操作系统：%1</translation>
    </message>
    <message>
        <source>The licence text is not available.</source>
        <translation>没有找到许可证全文。</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>已复制。</translation>
    </message>
</context>
<context>
    <name>Accounts</name>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Read only</source>
        <translation>只读</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>Everything, including users, settings, restoring backups and full-data exports.</source>
        <translation>全部功能，包括用户管理、设置、从备份恢复和导出完整信息。</translation>
    </message>
    <message>
        <source>Keeps the records: roster, activities and sign-ins, photos, visits, service; prints and syncs.</source>
        <translation>维护台账：人员、活动和签到、照片、走访、志愿服务；可打印和同步数据。</translation>
    </message>
    <message>
        <source>Views and prints; ID numbers, phone numbers and health notes are shown masked.</source>
        <translation>只能查看和打印；身份证号、电话和健康情况只显示部分内容。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>ActivitiesPage</name>
    <message>
        <source>Activities &amp; check-in</source>
        <translation>活动与签到</translation>
    </message>
    <message>
        <source>Title, type, place or host</source>
        <translation>活动名称、类型、地点或主持人</translation>
    </message>
    <message>
        <source>All stations</source>
        <translation>全部驿站</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>驿站</translation>
    </message>
    <message>
        <source>%1-%2: %3 activities, %4 person-times present</source>
        <translation>%1年%2月：共 %3 场活动，已到 %4 人次</translation>
    </message>
    <message>
        <source>S&amp;tation:</source>
        <translation>驿站(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;New activity…</source>
        <translation>新建活动(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Check-&amp;in at the door…</source>
        <translation>现场签到(&amp;I)…</translation>
    </message>
    <message>
        <source>Member &amp;cards…</source>
        <translation>会员卡(&amp;C)…</translation>
    </message>
    <message>
        <source>List</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>搜索(&amp;S)：</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月历</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>活动名称</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主持人</translation>
    </message>
    <message>
        <source>Invited</source>
        <translation>应到</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>实到</translation>
    </message>
    <message>
        <source>On leave</source>
        <translation>请假</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
</context>
<context>
    <name>ActivityDialog</name>
    <message>
        <source>Activity</source>
        <translation>活动信息</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>活动名称(&amp;T)：</translation>
    </message>
    <message>
        <source>T&amp;ype:</source>
        <translation>活动类型(&amp;Y)：</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>活动日期(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>时间(&amp;F)</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>&amp;Place:</source>
        <translation>活动地点(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Organised by:</source>
        <translation>组织者(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>主持人(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Notes:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <source>Invited</source>
        <translation>应到人员</translation>
    </message>
    <message>
        <source>Choose by rule</source>
        <translation>按条件选择</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>离退休类别：</translation>
    </message>
    <message>
        <source>Retired before 1949 (lixiu)</source>
        <translation>离休</translation>
    </message>
    <message>
        <source>Retired (tuixiu)</source>
        <translation>退休</translation>
    </message>
    <message>
        <source>Party branches (none ticked: all):</source>
        <translation>党支部（不勾选即全部）：</translation>
    </message>
    <message>
        <source>Activity class:</source>
        <translation>活动类别：</translation>
    </message>
    <message>
        <source>Choose by these &amp;rules</source>
        <translation>按以上条件选择(&amp;R)</translation>
    </message>
    <message>
        <source>Invited (expected to attend)</source>
        <translation>应到人员名单</translation>
    </message>
    <message>
        <source>&amp;Remove chosen</source>
        <translation>移除所选(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Add a person (pinyin initials or name):</source>
        <translation>添加人员（拼音首字母或姓名）(&amp;A)：</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>写实记录</translation>
    </message>
    <message>
        <source>What was done: time, place, host, who took part, the content and the outcome.</source>
        <translation>写实内容：时间、地点、主持人、参加人员、活动内容和成效。</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Sign-in book</source>
        <translation>签到簿</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Open &amp;check-in at the door</source>
        <translation>打开现场签到(&amp;C)</translation>
    </message>
    <message>
        <source>Print a paper sign-in &amp;sheet…</source>
        <translation>打印纸质签到表(&amp;P)…</translation>
    </message>
    <message>
        <source>Enter a signed paper s&amp;heet…</source>
        <translation>按纸质签到表登记(&amp;H)…</translation>
    </message>
    <message>
        <source>Delete activity…</source>
        <translation>删除活动…</translation>
    </message>
    <message>
        <source>Duplicate for another day…</source>
        <translation>复制到其他日期…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>New activity</source>
        <translation>新建活动</translation>
    </message>
    <message>
        <source>Activity: %1</source>
        <translation>活动：%1</translation>
    </message>
    <message>
        <source>Invited %1 · present %2 (of whom %3 visitors) · on leave %4 · not here %5</source>
        <translation>应到 %1 · 实到 %2（其中来访 %3）· 请假 %4 · 未到 %5</translation>
    </message>
    <message>
        <source>Absent</source>
        <translation>缺席</translation>
    </message>
    <message>
        <source>Invited: %1 people</source>
        <translation>应到 %1 人</translation>
    </message>
    <message>
        <source>Delete the activity “%1”?</source>
        <translation>删除活动“%1”？</translation>
    </message>
    <message>
        <source>Its sign-in book has %1 entries; they stay in the history.</source>
        <translation>它的签到簿有 %1 条记录，将保留在历史中。</translation>
    </message>
    <message>
        <source>Delete activity</source>
        <translation>删除活动</translation>
    </message>
    <message>
        <source>Duplicate activity</source>
        <translation>复制活动</translation>
    </message>
    <message>
        <source>Date of the new activity:</source>
        <translation>新活动的日期：</translation>
    </message>
    <message>
        <source>Paper sign-in sheet</source>
        <translation>纸质签到表</translation>
    </message>
    <message>
        <source>The PDF was saved to %1. Open it to print.</source>
        <translation>PDF 已保存到 %1，请打开后打印。</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff)</translation>
    </message>
</context>
<context>
    <name>ActivityTypesDialog</name>
    <message>
        <source>Activity types</source>
        <translation>活动类型</translation>
    </message>
    <message>
        <source>The types offered when an activity is recorded. A retired type is no longer offered; activities of that type keep it.</source>
        <translation>登记活动时可选的活动类型。停用的类型不再出现在选项中，已有活动保留原类型。</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>改名(&amp;R)…</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>上移(&amp;U)</translation>
    </message>
    <message>
        <source>Move &amp;down</source>
        <translation>下移(&amp;D)</translation>
    </message>
    <message>
        <source>Re&amp;tire</source>
        <translation>停用(&amp;T)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>%1 (retired)</source>
        <translation>%1（已停用）</translation>
    </message>
    <message>
        <source>· %1 activities</source>
        <translation>· %1 场活动</translation>
    </message>
    <message>
        <source>Bring &amp;back</source>
        <translation>恢复使用(&amp;B)</translation>
    </message>
    <message>
        <source>New activity type</source>
        <translation>新建活动类型</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Rename activity type</source>
        <translation>活动类型改名</translation>
    </message>
</context>
<context>
    <name>AddStationDialog</name>
    <message>
        <source>Add a station</source>
        <translation>添加驿站</translation>
    </message>
    <message>
        <source>The station is registered here and a setup file is saved for it. Give the file to the station (on a USB stick or as an attachment); the station joins the district office with it.</source>
        <translation>在本机登记这个驿站，并为它保存一个入网文件。请把入网文件交给驿站（用U盘或作为附件发送），驿站用它加入区老干部局。</translation>
    </message>
    <message>
        <source>Station &amp;name:</source>
        <translation>驿站名称(&amp;N)：</translation>
    </message>
    <message>
        <source>S&amp;treet:</source>
        <translation>街道(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Community:</source>
        <translation>社区(&amp;C)：</translation>
    </message>
    <message>
        <source>Contact &amp;person:</source>
        <translation>联系人(&amp;P)：</translation>
    </message>
    <message>
        <source>Contact &amp;phone:</source>
        <translation>联系电话(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Save setup file…</source>
        <translation>保存入网文件(&amp;S)…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>e.g. 金湖路社区老干部驿站</source>
        <translation>例如：金湖路社区老干部驿站</translation>
    </message>
    <message>
        <source>Please enter the station&apos;s name.</source>
        <translation>请填写驿站名称。</translation>
    </message>
    <message>
        <source>Save the setup file</source>
        <translation>保存入网文件</translation>
    </message>
    <message>
        <source>Setup files (*%1)</source>
        <translation>入网文件 (*%1)</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>&amp;Clear filters</source>
        <translation>清除筛选(&amp;C)</translation>
    </message>
    <message>
        <source>Only an administrator can see the audit trail.

It lists every change made to the books, with the values before and after — including ID numbers, phone numbers and health notes. Ask an administrator to sign in if you need to look something up.</source>
        <translation>只有管理员可以查看操作记录。

操作记录列出对台账的每一处修改及修改前后的内容，其中包括身份证号、电话和健康情况。如需查询，请让管理员登录。</translation>
    </message>
    <message>
        <source>&amp;Person:</source>
        <translation>人员(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Record:</source>
        <translation>记录(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>操作人(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>类别(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;When:</source>
        <translation>时间(&amp;W)：</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>To</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <extracomment>the list&apos;s columns the detail table&apos;s columns the period combo&apos;s choices</extracomment>
        <translation>操作记录</translation>
    </message>
    <message>
        <source>Name of the record, or its id</source>
        <translation>记录名称（如姓名、活动名称）或记录编号</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>今年</translation>
    </message>
    <message>
        <source>Between dates</source>
        <translation>指定日期</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>修改后</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>User</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>What changed</source>
        <translation>修改内容</translation>
    </message>
    <message>
        <source>All users</source>
        <translation>全部操作人</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <source>Searching the audit trail</source>
        <translation>正在查询操作记录</translation>
    </message>
    <message>
        <source>The search failed.</source>
        <translation>查询失败。</translation>
    </message>
    <message>
        <source>Choose an entry to see what it changed.</source>
        <translation>选择一条操作记录，查看修改前后的内容。</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 %4</source>
        <translation>%1 · %2 · %3%4</translation>
    </message>
    <message>
        <source>Record id: %1</source>
        <translation>记录编号：%1</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <source>Backup and restore</source>
        <translation>备份与恢复</translation>
    </message>
    <message>
        <source>The books are backed up automatically when the program first starts each day (backups of the last 7 days, 4 weeks and 12 months are kept), before an upgrade and before a sync bundle is imported. Back up to a USB stick as well from time to time, so that the books and photos survive if this computer fails.</source>
        <translation>程序每天第一次启动时会自动备份台账（保留最近 7 天、4 周和 12 个月的备份），升级前和导入同步数据包前也会自动备份。请另外定期备份到U盘，这样即使这台电脑坏了，台账和照片也不会丢失。</translation>
    </message>
    <message>
        <source>Made at</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>&amp;Back up now</source>
        <translation>立即备份(&amp;B)</translation>
    </message>
    <message>
        <source>Back up to a &amp;folder or USB stick…</source>
        <translation>备份到文件夹或U盘(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Restore the chosen backup…</source>
        <translation>恢复选中的备份(&amp;R)…</translation>
    </message>
    <message>
        <source>Restore from a backup f&amp;ile…</source>
        <translation>从备份文件恢复(&amp;I)…</translation>
    </message>
    <message>
        <source>A folder made by “Back up to a folder or USB stick”, or the USB stick that holds it</source>
        <translation>用“备份到文件夹或U盘”做出的备份文件夹，或存有它的U盘</translation>
    </message>
    <message>
        <source>Restore from a backup fol&amp;der…</source>
        <translation>从备份文件夹恢复(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Open the backups folder</source>
        <translation>打开备份文件夹(&amp;O)</translation>
    </message>
    <message>
        <source>Daily backup</source>
        <extracomment>the last automatic backup&apos;s failure, by data dir (shown in the dialog, never as a popup)</extracomment>
        <translation>每日自动备份</translation>
    </message>
    <message>
        <source>Close</source>
        <extracomment>the user confirmed restoring the backup at this path (a .db file or a folder backup)</extracomment>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Backups on this computer are kept in: %1</source>
        <translation>本机的备份保存在：%1</translation>
    </message>
    <message>
        <source>Your role (%1) may not make backups. Please ask an administrator.</source>
        <translation>您的角色（%1）不能备份数据，请联系管理员。</translation>
    </message>
    <message>
        <source>Only an administrator may restore the books from a backup (your role: %1).</source>
        <translation>只有管理员可以从备份恢复台账（您的角色：%1）。</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动备份</translation>
    </message>
    <message>
        <source>Made by hand</source>
        <translation>手动备份</translation>
    </message>
    <message>
        <source>Before an upgrade</source>
        <translation>升级前备份</translation>
    </message>
    <message>
        <source>Before a sync import</source>
        <translation>同步导入前备份</translation>
    </message>
    <message>
        <source>The books before a restore</source>
        <translation>恢复前的台账</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>%1 people, %2 activities, %3 photos</source>
        <translation>人员 %1 人，活动 %2 场，照片 %3 张</translation>
    </message>
    <message>
        <source>The automatic backup at start-up failed: %1</source>
        <translation>启动时的自动备份没有成功：%1</translation>
    </message>
    <message>
        <source>Last automatic backup: %1</source>
        <translation>最近一次自动备份：%1</translation>
    </message>
    <message>
        <source>No automatic backup yet.</source>
        <translation>还没有自动备份。</translation>
    </message>
    <message>
        <source>Backing up</source>
        <translation>正在备份</translation>
    </message>
    <message>
        <source>Backed up: %1</source>
        <translation>已备份：%1</translation>
    </message>
    <message>
        <source>Choose the folder or USB stick to back up to</source>
        <translation>选择要备份到的文件夹或U盘</translation>
    </message>
    <message>
        <source>Backing up to %1</source>
        <translation>正在备份到 %1</translation>
    </message>
    <message>
        <source>The books and %1 photo files were backed up to:
%2

%3 files copied (%4); %5 were there already.</source>
        <translation>台账和 %1 个照片文件已备份到：
%2

本次复制了 %3 个文件（%4），另有 %5 个文件原已存在。</translation>
    </message>
    <message>
        <source>Backed up to %1</source>
        <translation>已备份到 %1</translation>
    </message>
    <message>
        <source>Backup to a folder</source>
        <translation>备份到文件夹</translation>
    </message>
    <message>
        <source>Choose the backup file</source>
        <translation>选择备份文件</translation>
    </message>
    <message>
        <source>Backups (*.db);;All files (*)</source>
        <translation>备份文件 (*.db);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose the backup folder (…-数据备份) or the USB stick</source>
        <translation>选择备份文件夹（“…-数据备份”）或U盘</translation>
    </message>
    <message>
        <source>Checking the backup</source>
        <translation>正在检查备份</translation>
    </message>
    <message>
        <source>Station: %1</source>
        <translation>驿站：%1</translation>
    </message>
    <message>
        <source>(not set up)</source>
        <translation>（未设置）</translation>
    </message>
    <message>
        <source>Made: %1</source>
        <translation>备份时间：%1</translation>
    </message>
    <message>
        <source>Holds: %1 people, %2 activities, %3 sign-ins, %4 photos</source>
        <translation>内容：人员 %1 人，活动 %2 场，签到记录 %3 条，照片 %4 张</translation>
    </message>
    <message>
        <source>Photo files: included (%1 of %2)</source>
        <translation>照片文件：包含（%1 / %2 个）</translation>
    </message>
    <message>
        <source>Photo files: not included (the photos on this computer are kept)</source>
        <translation>照片文件：不含（本机已有的照片保持不变）</translation>
    </message>
    <message>
        <source>Made by an older version: it is brought up to date when the books are opened.</source>
        <translation>这是旧版本程序做的备份：打开台账时会自动升级。</translation>
    </message>
    <message>
        <source>Note: this backup comes from another computer. After the restore this computer takes its place.</source>
        <translation>注意：这个备份来自另一台电脑。恢复后，这台电脑将取代那台电脑。</translation>
    </message>
    <message>
        <source>The books as they are now are first kept as a copy in the backups folder, so the restore can be undone. The books are closed for the restore and opened again.</source>
        <translation>恢复前，现在的台账会先另存一份在备份文件夹中，因此恢复之后还可以撤回。恢复时程序会先关闭台账，完成后重新打开。</translation>
    </message>
    <message>
        <source>Replace the books on this computer with this backup?</source>
        <translation>用这个备份替换这台电脑上的台账吗？</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
</context>
<context>
    <name>CheckInWindow</name>
    <message>
        <source>Check-in at the door</source>
        <translation>现场签到</translation>
    </message>
    <message>
        <source>&amp;Who is signing in? Type pinyin initials, the name or the last digits of the ID number and press Enter, or scan the member card.</source>
        <translation>谁来签到？输入拼音首字母、姓名或身份证号后几位，按回车签到；也可以直接扫会员卡(&amp;W)。</translation>
    </message>
    <message>
        <source>Handwritten &amp;signature</source>
        <translation>手写签名(&amp;S)</translation>
    </message>
    <message>
        <source>Signed on their &amp;behalf by:</source>
        <translation>代签，代签人(&amp;B)：</translation>
    </message>
    <message>
        <source>Sign in (Enter)</source>
        <translation>签到（回车）</translation>
    </message>
    <message>
        <source>On leave… (F2)</source>
        <translation>请假…（F2）</translation>
    </message>
    <message>
        <source>Visitor… (F3)</source>
        <translation>来访人员…（F3）</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>重写</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消（Esc）</translation>
    </message>
    <message>
        <source>Confirm (Enter)</source>
        <translation>确认（回车）</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>已签到</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Not yet here</source>
        <translation>未到</translation>
    </message>
    <message>
        <source>Undo sign-in (Ctrl+Z)</source>
        <translation>撤销签到（Ctrl+Z）</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Check-in: %1</source>
        <translation>现场签到：%1</translation>
    </message>
    <message>
        <source>Host: %1</source>
        <translation>主持人：%1</translation>
    </message>
    <message>
        <source>Invited %1</source>
        <translation>应到 %1</translation>
    </message>
    <message>
        <source>Present %1</source>
        <translation>实到 %1</translation>
    </message>
    <message>
        <source>On leave %1</source>
        <translation>请假 %1</translation>
    </message>
    <message>
        <source>Visitors %1</source>
        <translation>来访 %1</translation>
    </message>
    <message>
        <source>Not yet here %1</source>
        <translation>未到 %1</translation>
    </message>
    <message>
        <source>Visitor</source>
        <translation>来访人员</translation>
    </message>
    <message>
        <source>Not yet here (%1)</source>
        <translation>未到（%1）</translation>
    </message>
    <message>
        <source>Find someone: pinyin initials, name or the last digits of the ID number.</source>
        <extracomment>the column of a sign-in book (:func:`book_item`) with the signature picture; the notes follow it</extracomment>
        <translation>查找人员：输入拼音首字母、姓名或身份证号后几位。</translation>
    </message>
    <message>
        <source>ID …%1</source>
        <translation>证件尾号 %1</translation>
    </message>
    <message>
        <source>(invited)</source>
        <translation>（应到）</translation>
    </message>
    <message>
        <source>Nobody in the roster matches “%1”. F3 records a visitor.</source>
        <translation>名册中没有与“%1”相符的人员。来访人员请按 F3 登记。</translation>
    </message>
    <message>
        <source>That scan was incomplete. Please scan the card again.</source>
        <translation>扫码不完整，请重新扫一次会员卡。</translation>
    </message>
    <message>
        <source>%1 is already in the book (%2 %3).</source>
        <translation>%1 已在签到簿中（%2 %3）。</translation>
    </message>
    <message>
        <source>This card&apos;s person is not in the roster (perhaps deleted).</source>
        <translation>这张卡对应的人员不在名册中（可能已删除）。</translation>
    </message>
    <message>
        <source>%1 is already in the book.</source>
        <translation>%1 已在签到簿中。</translation>
    </message>
    <message>
        <source>Cancelled: %1 was not signed in.</source>
        <translation>已取消：%1 未签到。</translation>
    </message>
    <message>
        <source>Type who signed on their behalf, or untick the box.</source>
        <translation>请填写代签人，或取消勾选“代签”。</translation>
    </message>
    <message>
        <source>✓ %1 signed in at %2.</source>
        <translation>✓ %1 已签到（%2）。</translation>
    </message>
    <message>
        <source>✓ %1 signed in at %2 (on their behalf).</source>
        <translation>✓ %1 已签到（%2，代签）。</translation>
    </message>
    <message>
        <source>Type the name of the person on leave first, then press F2.</source>
        <translation>请先输入请假人员，再按 F2。</translation>
    </message>
    <message>
        <source>On leave</source>
        <translation>请假</translation>
    </message>
    <message>
        <source>Why is %1 not coming?</source>
        <translation>%1 的请假原因：</translation>
    </message>
    <message>
        <source>%1 is recorded as on leave (%2).</source>
        <translation>已登记 %1 请假（%2）。</translation>
    </message>
    <message>
        <source>Name of the visitor (not on the roster):</source>
        <translation>来访人员姓名（不在名册中）：</translation>
    </message>
    <message>
        <source>Choose the sign-in to undo in the list.</source>
        <translation>请在签到列表中选择要撤销的记录。</translation>
    </message>
    <message>
        <source>Undo sign-in</source>
        <translation>撤销签到</translation>
    </message>
    <message>
        <source>Take %1 (%2) out of the sign-in book?</source>
        <translation>把 %1（%2）从签到簿中撤销？</translation>
    </message>
    <message>
        <source>Undone: %1 is no longer in the book.</source>
        <translation>已撤销：%1 不再在签到簿中。</translation>
    </message>
    <message>
        <source>Signature of %1</source>
        <translation>%1 的签名</translation>
    </message>
    <message>
        <source>%1, please sign here. Then press Enter.</source>
        <translation>%1，请在此签名，然后按回车确认。</translation>
    </message>
    <message>
        <source>The signature is asked for after Enter.</source>
        <translation>按回车选定人员后，在此签名。</translation>
    </message>
    <message>
        <source>Signatures are off.</source>
        <translation>未启用手写签名。</translation>
    </message>
    <message>
        <source>Not invited</source>
        <translation>非应到人员</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>People in the roster</source>
        <translation>在册人员</translation>
    </message>
    <message>
        <source>Activities this month</source>
        <translation>本月活动（场）</translation>
    </message>
    <message>
        <source>Person-times signed in</source>
        <translation>签到人次</translation>
    </message>
    <message>
        <source>Attendance rate</source>
        <translation>出勤率</translation>
    </message>
    <message>
        <source>Visits this month</source>
        <translation>本月走访慰问（次）</translation>
    </message>
    <message>
        <source>Care money given (yuan)</source>
        <translation>慰问金（元）</translation>
    </message>
    <message>
        <source>Volunteer hours this month</source>
        <translation>志愿服务时长（小时）</translation>
    </message>
    <message>
        <source>People needing special care</source>
        <translation>特殊关爱对象</translation>
    </message>
    <message>
        <source>Reminders</source>
        <translation>提醒事项</translation>
    </message>
    <message>
        <source>Double-click a name to open the person (a follow-up opens its visit)</source>
        <translation>双击姓名打开人员信息（跟进事项打开对应的走访记录）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <source>Record a &amp;visit…</source>
        <translation>登记走访(&amp;V)…</translation>
    </message>
    <message>
        <source>Coming activities</source>
        <translation>近期活动</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>MMMM yyyy</source>
        <translation>yyyy年M月</translation>
    </message>
    <message>
        <source>This month: %1</source>
        <translation>本月工作：%1</translation>
    </message>
    <message>
        <source>Signed in %1 of %2 invited; %3 on leave</source>
        <translation>应到 %2 人次，实到 %1 人次，请假 %3 人次</translation>
    </message>
    <message>
        <source>Turns %1</source>
        <translation>%1 岁生日</translation>
    </message>
    <message>
        <source>Follow-ups overdue</source>
        <translation>跟进事项已逾期</translation>
    </message>
    <message>
        <source>Special care: not visited lately</source>
        <translation>重点关爱对象久未走访</translation>
    </message>
    <message>
        <source>Study material to bring home (送学上门)</source>
        <translation>应送学上门</translation>
    </message>
    <message>
        <source>Follow-ups due soon</source>
        <translation>跟进事项即将到期</translation>
    </message>
    <message>
        <source>Absent from every activity</source>
        <translation>长期未参加活动</translation>
    </message>
    <message>
        <source>Birthdays this month</source>
        <translation>本月生日</translation>
    </message>
    <message>
        <source>Birthdays next month</source>
        <translation>下月生日</translation>
    </message>
    <message>
        <source>Working out the reminders…</source>
        <translation>正在计算提醒事项……</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>— first %1 shown</source>
        <translation>—— 只列出前 %1 个</translation>
    </message>
    <message>
        <source>Nothing needs attention</source>
        <translation>暂无需要处理的事项</translation>
    </message>
    <message>
        <source>No activities planned in the next two weeks</source>
        <translation>未来两周没有安排活动</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import the roster from Excel</source>
        <translation>从 Excel 导入名册</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>尚未选择文件</translation>
    </message>
    <message>
        <source>Save a blank &amp;template…</source>
        <translation>保存空白模板(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Choose file…</source>
        <translation>选择文件(&amp;C)…</translation>
    </message>
    <message>
        <source>What will happen</source>
        <translation>导入结果预览</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>显示(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Use this row&apos;s values</source>
        <translation>采用本行(&amp;U)</translation>
    </message>
    <message>
        <source>For a row with the same ID number as an earlier one but other values: import this row&apos;s values instead</source>
        <translation>对于与前面某行身份证号相同、内容不同的行：改为导入本行的内容</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列对应关系</translation>
    </message>
    <message>
        <source>Which field each column of the file holds. Correct a column if it was recognised wrongly, then press Check again.</source>
        <translation>文件中每一列对应的字段。如有识别错误，请改正后点击“重新检查”。</translation>
    </message>
    <message>
        <source>Check &amp;again</source>
        <translation>重新检查(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Export problem rows…</source>
        <translation>导出问题行(&amp;E)…</translation>
    </message>
    <message>
        <source>Save the rows with errors and the duplicates as a workbook with a 问题 column, to correct and import again</source>
        <translation>把有错误的行和重复的行另存为工作簿（附“问题”列），改正后可再次导入</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>New</source>
        <extracomment>rows grow to their wrapped reason up to this many rows shown (beyond, the tooltip has it)</extracomment>
        <translation>新增</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>No change</source>
        <translation>无变化</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Same ID, differs</source>
        <translation>身份证号相同，内容不同</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Every row</source>
        <translation>全部行</translation>
    </message>
    <message>
        <source>Only errors and duplicates</source>
        <translation>仅错误和重复</translation>
    </message>
    <message>
        <source>Choose the roster workbook</source>
        <translation>选择花名册文件</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx *.xlsm *.xls)</source>
        <translation>Excel 工作簿 (*.xlsx *.xlsm *.xls)</translation>
    </message>
    <message>
        <source>Save a blank template</source>
        <translation>保存空白模板</translation>
    </message>
    <message>
        <source>Roster template.xlsx</source>
        <translation>人员名册导入模板.xlsx</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Template saved: %1</source>
        <translation>模板已保存：%1</translation>
    </message>
    <message>
        <source>Checking the workbook</source>
        <translation>正在检查文件</translation>
    </message>
    <message>
        <source>&amp;Import %1 people</source>
        <translation>导入 %1 人(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Export %1 problem rows…</source>
        <translation>导出 %1 个问题行(&amp;E)…</translation>
    </message>
    <message>
        <source> - problem rows</source>
        <translation> - 问题行</translation>
    </message>
    <message>
        <source>Export problem rows</source>
        <translation>导出问题行</translation>
    </message>
    <message>
        <source>%1 problem rows saved to %2. Correct them there, then import that file.</source>
        <translation>已保存 %1 个问题行到 %2。请在其中改正后，再导入该文件。</translation>
    </message>
    <message>
        <source>Column heading</source>
        <translation>文件中的表头</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>对应字段</translation>
    </message>
    <message>
        <source>(not imported)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <source>Importing the roster</source>
        <translation>正在导入名册</translation>
    </message>
</context>
<context>
    <name>Jobs</name>
    <message>
        <source>Something unexpected went wrong and the work was not finished. Everything saved before is unaffected. The details are in the log file.</source>
        <translation>程序遇到了意外问题，操作未完成，之前保存的数据不受影响。详情已记录在日志文件中。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ListPage</name>
    <message>
        <source>Found: %1</source>
        <translation>找到 %1 条</translation>
    </message>
    <message>
        <source>In all: %1</source>
        <translation>共 %1 条</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Cadre Station Books</source>
        <translation>老干部驿站台账</translation>
    </message>
    <message>
        <source>Sections</source>
        <translation>功能导航</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <source>Roster</source>
        <translation>人员台账</translation>
    </message>
    <message>
        <source>Activities &amp; check-in</source>
        <translation>活动与签到</translation>
    </message>
    <message>
        <source>Visits &amp; care</source>
        <translation>走访慰问</translation>
    </message>
    <message>
        <source>Volunteer service</source>
        <translation>志愿服务</translation>
    </message>
    <message>
        <source>Reports &amp; printing</source>
        <translation>报表打印</translation>
    </message>
    <message>
        <source>Data sync</source>
        <translation>数据同步</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>操作记录</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>%1 — Cadre Station Books</source>
        <extracomment>pages only some roles see</extracomment>
        <translation>%1 — 老干部驿站台账</translation>
    </message>
    <message>
        <source>User: %1</source>
        <translation>当前用户：%1</translation>
    </message>
    <message>
        <source>Last sync: %1</source>
        <translation>上次同步：%1</translation>
    </message>
    <message>
        <source>Not yet sent: %1</source>
        <translation>未发送的更改：%1</translation>
    </message>
    <message>
        <source>Counting changes</source>
        <translation>统计未发送的更改</translation>
    </message>
    <message>
        <source>Not joined to a district office</source>
        <translation>未加入区老干部局</translation>
    </message>
</context>
<context>
    <name>PaperSheetDialog</name>
    <message>
        <source>Enter a signed paper sheet</source>
        <translation>按纸质签到表登记</translation>
    </message>
    <message>
        <source>Tick who signed the paper sheet (Space ticks the chosen row). People already in the book are shown greyed.</source>
        <translation>勾选在纸质签到表上签了名的人员（空格键勾选当前行）。已在签到簿中的人员显示为灰色。</translation>
    </message>
    <message>
        <source>Tick &amp;all</source>
        <translation>全部勾选(&amp;A)</translation>
    </message>
    <message>
        <source>Tick &amp;none</source>
        <translation>全部取消(&amp;N)</translation>
    </message>
    <message>
        <source>Attach a &amp;photo or scan of the sheet…</source>
        <translation>附上签到表照片或扫描件(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Paper sign-in sheet: %1</source>
        <translation>纸质签到表：%1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Category, branch</source>
        <translation>类别、支部</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>出席</translation>
    </message>
    <message>
        <source>On leave</source>
        <translation>请假</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>请假原因</translation>
    </message>
    <message>
        <source>Ticked: present %1, on leave %2</source>
        <translation>已勾选：出席 %1，请假 %2</translation>
    </message>
    <message>
        <source>Photo or scan of the signed sheet</source>
        <translation>签到表照片或扫描件</translation>
    </message>
    <message>
        <source>%1 file(s) attached</source>
        <translation>已附上 %1 个文件</translation>
    </message>
    <message>
        <source>Give a reason for: %1</source>
        <translation>请填写请假原因：%1</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>&amp;Current password:</source>
        <translation>原密码(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>新密码(&amp;N)：</translation>
    </message>
    <message>
        <source>R&amp;epeat new password:</source>
        <translation>再次输入新密码(&amp;E)：</translation>
    </message>
    <message>
        <source>Changing the password of %1. It needs at least %2 characters.</source>
        <translation>修改 %1 的密码。密码至少需要 %2 位。</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>重设密码</translation>
    </message>
    <message>
        <source>A new password for %1. Tell it to them in person; the account is unlocked too.</source>
        <translation>为 %1 设置新密码。请当面告诉本人；账号也会随之解除锁定。</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The two new passwords are not the same.</source>
        <translation>两次输入的新密码不一致。</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Save as PDF…</source>
        <translation>另存为 PDF(&amp;S)…</translation>
    </message>
    <message>
        <source>Open in &amp;PDF reader</source>
        <translation>用 PDF 阅读器打开(&amp;R)</translation>
    </message>
    <message>
        <source>Open &amp;folder</source>
        <translation>打开所在文件夹(&amp;F)</translation>
    </message>
    <message>
        <source>−</source>
        <translation>−</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Print</source>
        <extracomment>the preview&apos;s zoom steps (1.0 = the page at 96 dpi, its size on paper on a typical screen)</extracomment>
        <translation>打印</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印……</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The printer could not be started. Check that it is on and ready.</source>
        <translation>无法启动打印机。请检查打印机是否已开机并处于就绪状态。</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>共 %n 页</numerusform>
        </translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>The PDF could not be saved to %1: %2</source>
        <translation>无法把 PDF 保存到 %1：%2</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>已保存到 %1。</translation>
    </message>
</context>
<context>
    <name>PersonDialog</name>
    <message>
        <source>Person</source>
        <translation>人员信息</translation>
    </message>
    <message>
        <source>Basic</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <source>&amp;Name *:</source>
        <translation>姓名(&amp;N) *：</translation>
    </message>
    <message>
        <source>&amp;ID number:</source>
        <translation>身份证号(&amp;I)：</translation>
    </message>
    <message>
        <source>18 digits; sex and birth date are read from it</source>
        <translation>18 位；性别和出生日期由身份证号自动得出</translation>
    </message>
    <message>
        <source>&amp;Sex:</source>
        <translation>性别(&amp;X)：</translation>
    </message>
    <message>
        <source>&amp;Born:</source>
        <translation>出生年月(&amp;B)：</translation>
    </message>
    <message>
        <source>e.g. 1948.03 or 1948-03-15</source>
        <translation>如 1948.03 或 1948-03-15</translation>
    </message>
    <message>
        <source>E&amp;thnicity:</source>
        <translation>民族(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Category *:</source>
        <translation>离退休类别(&amp;C) *：</translation>
    </message>
    <message>
        <source>&amp;Retired:</source>
        <translation>离退休时间(&amp;R)：</translation>
    </message>
    <message>
        <source>e.g. 2008.06</source>
        <translation>如 2008.06</translation>
    </message>
    <message>
        <source>Former &amp;work unit:</source>
        <translation>原工作单位(&amp;W)：</translation>
    </message>
    <message>
        <source>Former &amp;post:</source>
        <translation>原职务(&amp;P)：</translation>
    </message>
    <message>
        <source>Ran&amp;k:</source>
        <translation>职级(&amp;K)：</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>暂无照片</translation>
    </message>
    <message>
        <source>P&amp;hoto…</source>
        <translation>选择照片(&amp;H)…</translation>
    </message>
    <message>
        <source>Party and contact</source>
        <translation>党组织与联系方式</translation>
    </message>
    <message>
        <source>Care and talents</source>
        <translation>关爱与特长</translation>
    </message>
    <message>
        <source>Status and notes</source>
        <translation>状态与备注</translation>
    </message>
    <message>
        <source>Political &amp;status:</source>
        <translation>政治面貌(&amp;Z)：</translation>
    </message>
    <message>
        <source>Party &amp;branch:</source>
        <translation>所在党支部(&amp;B)：</translation>
    </message>
    <message>
        <source>Acti&amp;vity class:</source>
        <translation>活动类别(&amp;V)：</translation>
    </message>
    <message>
        <source>Community re&amp;port:</source>
        <translation>社区报到(&amp;P)：</translation>
    </message>
    <message>
        <source>Reported &amp;on:</source>
        <translation>报到时间(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Mobile:</source>
        <translation>手机(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Landline:</source>
        <translation>固定电话(&amp;L)：</translation>
    </message>
    <message>
        <source>with area code, e.g. 0532-85851234</source>
        <translation>带区号，如 0532-85851234</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>家庭住址(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Emergency contact:</source>
        <translation>紧急联系人(&amp;E)：</translation>
    </message>
    <message>
        <source>Emergency p&amp;hone:</source>
        <translation>紧急联系电话(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Health:</source>
        <translation>健康状况(&amp;H)：</translation>
    </message>
    <message>
        <source>Special care:</source>
        <translation>特殊关爱：</translation>
    </message>
    <message>
        <source>Serious illness</source>
        <translation>身患重病</translation>
    </message>
    <message>
        <source>Major family change</source>
        <translation>家庭出现重大变故</translation>
    </message>
    <message>
        <source>Lives alone</source>
        <translation>独居</translation>
    </message>
    <message>
        <source>Empty nest</source>
        <translation>空巢</translation>
    </message>
    <message>
        <source>Cannot look after themselves</source>
        <translation>失能</translation>
    </message>
    <message>
        <source>&amp;Interests:</source>
        <translation>兴趣爱好(&amp;I)：</translation>
    </message>
    <message>
        <source>separate with 、 or commas</source>
        <translation>用顿号或逗号分隔</translation>
    </message>
    <message>
        <source>&amp;Talents:</source>
        <translation>人才标签(&amp;T)：</translation>
    </message>
    <message>
        <source>e.g. 红色宣讲员、文体活动指导员</source>
        <translation>如 红色宣讲员、文体活动指导员</translation>
    </message>
    <message>
        <source>Stat&amp;us:</source>
        <translation>人员状态(&amp;U)：</translation>
    </message>
    <message>
        <source>Since:</source>
        <translation>变更日期：</translation>
    </message>
    <message>
        <source>Moved &amp;to:</source>
        <translation>迁往(&amp;T)：</translation>
    </message>
    <message>
        <source>N&amp;otes:</source>
        <translation>备注(&amp;O)：</translation>
    </message>
    <message>
        <source>History</source>
        <translation>参与记录</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <extracomment>the fields a user without the right to see personal data sees masked (and never saves back)</extracomment>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Add person</source>
        <translation>新增人员</translation>
    </message>
    <message>
        <source>Person: %1</source>
        <translation>人员信息：%1</translation>
    </message>
    <message>
        <source>Photo saved</source>
        <translation>已选择照片</translation>
    </message>
    <message>
        <source>Took part in %1 activities (on leave %2 times); visited %3 times; %4 hours of volunteer service.</source>
        <translation>参加活动 %1 次（请假 %2 次）；接受走访慰问 %3 次；志愿服务 %4 小时。</translation>
    </message>
    <message>
        <source>Attendance rate %1 % (came to %2 of the %3 activities they were expected at).</source>
        <translation>出勤率 %1%（应到的 %3 场活动中参加了 %2 场）。</translation>
    </message>
    <message>
        <source>Points in %1: %2 (rank %3 of %4 at the station).</source>
        <translation>%1年量化积分：%2 分（在本驿站 %4 人中排第 %3 名）。</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>走访慰问</translation>
    </message>
    <message>
        <source>Volunteer service</source>
        <translation>志愿服务</translation>
    </message>
    <message>
        <source>%1, born %2</source>
        <translation>%1，出生于 %2</translation>
    </message>
    <message>
        <source>Possible duplicate</source>
        <translation>可能重复</translation>
    </message>
    <message>
        <source>Choose a photo</source>
        <translation>选择照片</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.gif *.webp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp)</translation>
    </message>
    <message>
        <source>Remove from the roster</source>
        <translation>从名册中删除</translation>
    </message>
    <message>
        <source>Remove %1 from the roster? Their sign-ins, visits and service records are kept.</source>
        <translation>确定要把“%1”从名册中删除吗？其签到、走访和服务记录会保留。</translation>
    </message>
</context>
<context>
    <name>PersonPicker</name>
    <message>
        <source>Type a name, pinyin initials, ID or phone</source>
        <extracomment>who can be found: the roster (在册) by default; the audit trail finds everyone</extracomment>
        <translation>输入姓名、拼音首字母、身份证号或电话</translation>
    </message>
</context>
<context>
    <name>PhotoPanel</name>
    <message>
        <source>★ Cover</source>
        <extracomment>the record&apos;s photos changed (added, captioned, reordered, cover, deleted or restored) an import has finished (successfully or not): the panel is idle again</extracomment>
        <translation>★ 封面</translation>
    </message>
    <message>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <source>Caption…</source>
        <translation>照片说明…</translation>
    </message>
    <message>
        <source>Move left</source>
        <translation>左移</translation>
    </message>
    <message>
        <source>Move right</source>
        <translation>右移</translation>
    </message>
    <message>
        <source>Set as cover</source>
        <translation>设为封面</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Trash…</source>
        <translation>回收站…</translation>
    </message>
    <message>
        <source>You can also drag photos from a folder onto this panel.</source>
        <translation>也可以把照片从文件夹直接拖到这里。</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Save the record first to add photos</source>
        <translation>请先保存这条记录，再添加照片</translation>
    </message>
    <message>
        <source>No photos.</source>
        <translation>没有照片。</translation>
    </message>
    <message>
        <source>No photos yet. Click Add photos, or drag photos from a folder onto this panel.</source>
        <translation>还没有照片。点击“添加照片”，或把照片从文件夹拖到这里。</translation>
    </message>
    <message>
        <source>Choose photos</source>
        <translation>选择照片</translation>
    </message>
    <message>
        <source>Photos (%1)</source>
        <translation>照片 (%1)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Adding photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <source>Already among this record&apos;s photos:</source>
        <translation>以下照片已在这条记录中：</translation>
    </message>
    <message>
        <source>Photo caption</source>
        <translation>照片说明</translation>
    </message>
    <message>
        <source>Caption:</source>
        <translation>说明：</translation>
    </message>
    <message>
        <source>Move photo</source>
        <translation>移动照片</translation>
    </message>
    <message>
        <source>Delete photo</source>
        <translation>删除照片</translation>
    </message>
</context>
<context>
    <name>PhotoTrashDialog</name>
    <message>
        <source>Deleted photos</source>
        <translation>已删除的照片</translation>
    </message>
    <message>
        <source>Deleted photos of this record can be restored until the trash is emptied.</source>
        <translation>回收站清空之前，这条记录已删除的照片都可以恢复。</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>There are no deleted photos of this record.</source>
        <translation>这条记录没有已删除的照片。</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <source>Photo</source>
        <extracomment>files accepted when dropped on the panel (compared in lower case)</extracomment>
        <translation>照片</translation>
    </message>
    <message>
        <source>The photo file is missing.</source>
        <translation>照片文件缺失。</translation>
    </message>
</context>
<context>
    <name>PointsDialog</name>
    <message>
        <source>Points scheme</source>
        <translation>量化积分规则</translation>
    </message>
    <message>
        <source>Points are worked out from the books: hours of volunteer service, activities attended (signed in or signed for) and service records in a rewarded role. A change applies to every month, past ones included.</source>
        <translation>积分按台账自动计算：志愿服务时长、参加活动（本人签到或代签）以及担任计分服务角色的服务记录。修改规则后，所有月份（包括以前的月份）都按新规则计算。</translation>
    </message>
    <message>
        <source>Points per &amp;hour of service:</source>
        <translation>每服务 1 小时积分(&amp;H)：</translation>
    </message>
    <message>
        <source>Per activity attended</source>
        <translation>参加活动积分</translation>
    </message>
    <message>
        <source>Activity type</source>
        <translation>活动类型</translation>
    </message>
    <message>
        <source>Points per activity</source>
        <translation>每参加一次积分</translation>
    </message>
    <message>
        <source>Per service record in a role</source>
        <translation>服务角色积分</translation>
    </message>
    <message>
        <source>Service role</source>
        <translation>服务角色</translation>
    </message>
    <message>
        <source>Points per record</source>
        <translation>每次积分</translation>
    </message>
    <message>
        <source>Choose a role or type a new one</source>
        <translation>选择服务角色，或输入新的角色</translation>
    </message>
    <message>
        <source>&amp;Add role</source>
        <translation>添加角色(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>%1 (retired)</source>
        <translation>%1（已停用）</translation>
    </message>
    <message>
        <source>The role “%1” is listed twice.</source>
        <translation>服务角色“%1”写了两次。</translation>
    </message>
</context>
<context>
    <name>ProjectDialog</name>
    <message>
        <source>Volunteer project</source>
        <translation>志愿服务项目</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>项目名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Field:</source>
        <translation>项目领域(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Organised by:</source>
        <translation>组织单位(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Contact phone:</source>
        <translation>联系电话(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>项目简介(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Choose a field</source>
        <translation>请选择领域</translation>
    </message>
    <message>
        <source>e.g. Neighbourhood safety patrol</source>
        <translation>如：平安巡逻队</translation>
    </message>
    <message>
        <source>Mobile or landline</source>
        <translation>手机或固定电话</translation>
    </message>
    <message>
        <source>New volunteer project</source>
        <translation>新建志愿服务项目</translation>
    </message>
    <message>
        <source>This project is no longer in the library.</source>
        <translation>项目库中已没有这个项目。</translation>
    </message>
    <message>
        <source>Volunteer project: %1</source>
        <translation>志愿服务项目：%1</translation>
    </message>
    <message>
        <source>%1 service records, %2 volunteers, %3 hours so far.</source>
        <translation>至今服务记录 %1 条，志愿者 %2 人，共 %3 小时。</translation>
    </message>
    <message>
        <source>From the district&apos;s project library.</source>
        <translation>来自区级项目库。</translation>
    </message>
    <message>
        <source>Retired: no longer offered for new records.</source>
        <translation>已停用：登记新的服务记录时不再列出。</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>&amp;Monthly ledgers for</source>
        <translation>月度台账(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Year summary for</source>
        <translation>年度统计(&amp;Y)：</translation>
    </message>
    <message>
        <source>S&amp;tation:</source>
        <translation>驿站(&amp;T)：</translation>
    </message>
    <message>
        <source>A closed month prints and exports as it was archived. Tick this to make the ledgers again from today&apos;s data, with a list of the corrections made since the month was closed in front.</source>
        <translation>已月结归档的月份，打印和导出的都是归档文件原件。勾选这一项，则按现在的数据重新生成台账，最前面附归档后的更正记录。</translation>
    </message>
    <message>
        <source>&amp;Regenerate with corrections</source>
        <translation>重新生成（含更正）(&amp;R)</translation>
    </message>
    <message>
        <source>Tick the ledgers to print. Each prints on A4 with the station name and month in its title, page numbers, and lines for the preparer and reviewer to sign; the sign-in and record books have one part per activity.</source>
        <translation>勾选要打印的台账。每种台账用 A4 纸打印，标题含驿站名称和月份，有页码，末尾有填表人、审核人签字栏；签到簿和写实册每场活动各一份。</translation>
    </message>
    <message>
        <source>Ledger</source>
        <translation>台账</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月内容</translation>
    </message>
    <message>
        <source>Each month&apos;s ledgers: not closed, closed (月结归档: the printed file is kept as it was), or corrected since they were closed. Double-click a month to choose it.</source>
        <translation>各月台账的状态：未归档、已归档（月结归档：打印的文件原样保存），或归档后有更正。双击一个月份即选中它。</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Closed on / by</source>
        <translation>归档时间和归档人</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已归档</translation>
    </message>
    <message>
        <source>Show &amp;full ID numbers, phones and addresses (masked by default)</source>
        <translation>显示完整的身份证号、电话和住址(&amp;W)（默认部分隐去）</translation>
    </message>
    <message>
        <source>&amp;Generate and preview</source>
        <translation>生成并预览(&amp;G)</translation>
    </message>
    <message>
        <source>Export to &amp;Excel…</source>
        <translation>导出 Excel(&amp;E)…</translation>
    </message>
    <message>
        <source>Open &amp;folder</source>
        <translation>打开台账文件夹(&amp;F)</translation>
    </message>
    <message>
        <source>Open the &amp;archived file</source>
        <translation>打开归档文件(&amp;A)</translation>
    </message>
    <message>
        <source>After the month&apos;s ledgers are printed and signed: keep the PDF and the Excel file exactly as printed. Later changes to the month need an administrator and are recorded as corrections.</source>
        <translation>本月台账打印、签字之后：把 PDF 和 Excel 文件按打印时的样子原样归档。之后对这个月的修改只有管理员可以做，并作为更正记入操作记录。</translation>
    </message>
    <message>
        <source>&amp;Close the month…</source>
        <translation>月结归档(&amp;C)…</translation>
    </message>
    <message>
        <source>Reports &amp; printing</source>
        <translation>报表打印</translation>
    </message>
    <message>
        <source>MMMM yyyy</source>
        <translation>yyyy年M月</translation>
    </message>
    <message>
        <source>All stations</source>
        <translation>全部驿站</translation>
    </message>
    <message>
        <source>All stations: a summary table with one row per station first, then each station&apos;s ledgers in turn (the year summary: the summary table, then the figures of all stations added up).</source>
        <translation>全部驿站：先打印各驿站汇总表（每个驿站一行），再依次打印每个驿站的台账（年度统计：先汇总表，再打印全部驿站合计的年度统计）。</translation>
    </message>
    <message>
        <source>For the district office&apos;s files. Printed ledgers normally hide part of each ID number, phone and address.</source>
        <translation>供区老干部局存档用。打印的台账默认隐去身份证号、电话和住址的一部分。</translation>
    </message>
    <message>
        <source>&amp;Preview the archived file</source>
        <translation>预览归档文件(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Close again…</source>
        <translation>重新归档(&amp;C)…</translation>
    </message>
    <message>
        <source>A4 portrait</source>
        <translation>A4 纵向</translation>
    </message>
    <message>
        <source>A4 landscape</source>
        <translation>A4 横向</translation>
    </message>
    <message>
        <source>Activity ledger</source>
        <translation>活动台账</translation>
    </message>
    <message numerus="yes">
        <source>%n activities</source>
        <translation>
            <numerusform>活动 %n 场</numerusform>
        </translation>
    </message>
    <message>
        <source>Check-in books</source>
        <translation>签到簿</translation>
    </message>
    <message>
        <source>One per activity; %1 signed in, %2 on leave, of %3 invited</source>
        <translation>每场活动一份；应到 %3 人次，实到 %1 人次，请假 %2 人次</translation>
    </message>
    <message>
        <source>Activity records with photos</source>
        <translation>写实册</translation>
    </message>
    <message numerus="yes">
        <source>One per activity; %n photos</source>
        <translation>
            <numerusform>每场活动一份；照片 %n 张</numerusform>
        </translation>
    </message>
    <message>
        <source>Roster</source>
        <translation>人员信息台账</translation>
    </message>
    <message numerus="yes">
        <source>%n people in the roster</source>
        <translation>
            <numerusform>在册人员 %n 人</numerusform>
        </translation>
    </message>
    <message>
        <source>Visits and care ledger</source>
        <translation>走访慰问台账</translation>
    </message>
    <message numerus="yes">
        <source>%n visits</source>
        <translation>
            <numerusform>走访慰问 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <source>; %1 yuan given</source>
        <translation>，慰问金 %1 元</translation>
    </message>
    <message>
        <source>Volunteer service ledger</source>
        <translation>志愿服务台账</translation>
    </message>
    <message numerus="yes">
        <source>%n service records</source>
        <translation>
            <numerusform>服务记录 %n 条</numerusform>
        </translation>
    </message>
    <message>
        <source>; %1 hours by %2 volunteers</source>
        <translation>，%2 名志愿者共服务 %1 小时</translation>
    </message>
    <message>
        <source>Monthly statistics</source>
        <translation>月度统计</translation>
    </message>
    <message>
        <source>Activities by type, person-times, attendance rate, visits and volunteer hours, with a chart</source>
        <translation>分类型活动场次、参加人次、出勤率、走访慰问和志愿服务时长，附统计图</translation>
    </message>
    <message>
        <source>Not closed</source>
        <translation>未归档</translation>
    </message>
    <message>
        <source>Corrected since closing</source>
        <translation>归档后有更正</translation>
    </message>
    <message>
        <source>Station · month</source>
        <translation>驿站 · 月份</translation>
    </message>
    <message numerus="yes">
        <source> (%n correction(s))</source>
        <translation>
            <numerusform>（更正 %n 处）</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: not closed.</source>
        <translation>%1：未归档。</translation>
    </message>
    <message numerus="yes">
        <source>%1: closed on %2 by %3 (%n page(s)); it prints as archived.</source>
        <translation>
            <numerusform>%1：已于 %2 由%3月结归档（%n 页），打印的是归档文件原件。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Corrected since: %n change(s).</source>
        <translation>
            <numerusform>归档后有更正：%n 处。</numerusform>
        </translation>
    </message>
    <message>
        <source>Archived file</source>
        <translation>归档文件</translation>
    </message>
    <message>
        <source>The archived file of %1, as it was closed (SHA-256 %2…): %3</source>
        <translation>%1的归档文件，与归档时完全相同（SHA-256 %2…）：%3</translation>
    </message>
    <message>
        <source>Close %1 and archive its ledgers?

The PDF and the Excel file are made now and kept exactly as they are; the month then prints as archived. Later changes to records of %1 need an administrator and are recorded as corrections.</source>
        <translation>把 %1 的台账月结归档吗？

现在生成 PDF 和 Excel 文件并原样保存；之后这个月打印的就是归档文件。以后修改 %1 的记录只有管理员可以做，并作为更正记入操作记录。</translation>
    </message>
    <message>
        <source>Close the month</source>
        <translation>月结归档</translation>
    </message>
    <message numerus="yes">
        <source>%1 closed: %n page(s), archived in the data folder.</source>
        <translation>
            <numerusform>%1 已月结归档：%n 页，保存在数据目录中。</numerusform>
        </translation>
    </message>
    <message>
        <source>Closing the month</source>
        <translation>正在月结归档</translation>
    </message>
    <message>
        <source>Print ledgers</source>
        <translation>打印台账</translation>
    </message>
    <message>
        <source>Generating the year summary</source>
        <translation>正在生成年度统计</translation>
    </message>
    <message>
        <source>Generating the monthly ledgers</source>
        <translation>正在生成月度台账</translation>
    </message>
    <message numerus="yes">
        <source>Saved %1: %n page(s), %2.</source>
        <translation>
            <numerusform>已生成“%1”：共 %n 页，%2。</numerusform>
        </translation>
    </message>
    <message>
        <source>These characters are in no font on this computer and are missing from the paper; write them in by hand: %1</source>
        <translation>以下文字本机所有字体中都没有，打印出来会缺字，请打印后手写补上：%1</translation>
    </message>
    <message>
        <source>Export to Excel</source>
        <translation>导出到 Excel</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Saved the archived workbook as %1.</source>
        <translation>已把归档的 Excel 文件保存为 %1。</translation>
    </message>
    <message numerus="yes">
        <source>Exported to %1 (%n sheet(s)).</source>
        <translation>
            <numerusform>已导出到 %1（%n 张工作表）。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>Read only: your role can view and print the books, but not change them.</source>
        <translation>只读：您的角色可以查看和打印台账，但不能修改。</translation>
    </message>
    <message>
        <source>Only an administrator can print or export full ID numbers and phone numbers.</source>
        <translation>只有管理员可以打印或导出完整的身份证号和电话号码。</translation>
    </message>
    <message>
        <source>Your role does not allow this. Ask an administrator.</source>
        <translation>您的角色没有此项权限，请联系管理员。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>%1 (read only)</source>
        <translation>%1（只读）</translation>
    </message>
</context>
<context>
    <name>RosterPage</name>
    <message>
        <source>&amp;Add person…</source>
        <translation>新增人员(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Import from Excel…</source>
        <translation>从 Excel 导入(&amp;I)…</translation>
    </message>
    <message>
        <source>E&amp;xport to Excel…</source>
        <translation>导出到 Excel(&amp;X)…</translation>
    </message>
    <message>
        <source>Member &amp;cards…</source>
        <translation>会员卡(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>搜索(&amp;S)：</translation>
    </message>
    <message>
        <source>Stati&amp;on:</source>
        <translation>驿站(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Filters</source>
        <translation>筛选(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Category:</source>
        <translation>类别(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Party:</source>
        <translation>党员(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Branch:</source>
        <translation>党支部(&amp;B)：</translation>
    </message>
    <message>
        <source>Acti&amp;vity class:</source>
        <translation>活动类别(&amp;V)：</translation>
    </message>
    <message>
        <source>Special ca&amp;re:</source>
        <translation>特殊关爱(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Talent:</source>
        <translation>人才标签(&amp;T)：</translation>
    </message>
    <message>
        <source>I&amp;nterest:</source>
        <translation>兴趣爱好(&amp;N)：</translation>
    </message>
    <message>
        <source>Community re&amp;port:</source>
        <translation>社区报到(&amp;O)：</translation>
    </message>
    <message>
        <source>A&amp;ge:</source>
        <translation>年龄(&amp;G)：</translation>
    </message>
    <message>
        <source>Stat&amp;us:</source>
        <translation>状态(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Clear filters</source>
        <translation>清除筛选(&amp;L)</translation>
    </message>
    <message>
        <source>Roster</source>
        <translation>人员台账</translation>
    </message>
    <message>
        <source>Name, pinyin initials (e.g. zs), full pinyin, part of the ID number, or phone</source>
        <translation>姓名、拼音首字母（如 zs）、全拼、身份证号的一部分或电话</translation>
    </message>
    <message>
        <source>All stations</source>
        <translation>全部驿站</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Political status</source>
        <translation>政治面貌</translation>
    </message>
    <message>
        <source>Party branch</source>
        <translation>所在党支部</translation>
    </message>
    <message>
        <source>Activity class</source>
        <translation>活动类别</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Former work unit</source>
        <translation>原工作单位</translation>
    </message>
    <message>
        <source>Special care</source>
        <translation>特殊关爱</translation>
    </message>
    <message>
        <source>Talents</source>
        <translation>人才标签</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>驿站</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Party members</source>
        <translation>中共党员</translation>
    </message>
    <message>
        <source>Not Party members</source>
        <translation>非中共党员</translation>
    </message>
    <message>
        <source>Any special care</source>
        <translation>任一关爱情形</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>未登记</translation>
    </message>
    <message>
        <source>Under 60</source>
        <translation>60 岁以下</translation>
    </message>
    <message>
        <source>60–69</source>
        <translation>60–69 岁</translation>
    </message>
    <message>
        <source>70–79</source>
        <translation>70–79 岁</translation>
    </message>
    <message>
        <source>80–89</source>
        <translation>80–89 岁</translation>
    </message>
    <message>
        <source>90 and over</source>
        <translation>90 岁及以上</translation>
    </message>
    <message>
        <source>&amp;Filters (on)</source>
        <translation>筛选中(&amp;F)</translation>
    </message>
    <message>
        <source>Found: %1 people</source>
        <translation>找到 %1 人</translation>
    </message>
    <message>
        <source>In the roster: %1 people</source>
        <translation>共 %1 人</translation>
    </message>
    <message>
        <source>Import from Excel</source>
        <translation>从 Excel 导入</translation>
    </message>
    <message>
        <source>Export the roster</source>
        <translation>导出名册</translation>
    </message>
    <message>
        <source>The workbook hides part of each ID number and phone number, the addresses and the health notes. Tick the box for the full data (for the district office&apos;s files; a full export can be imported again).</source>
        <translation>导出的工作簿中，身份证号、电话号码和住址部分隐去，健康状况不显示。如需完整数据（供区老干部局存档；完整导出的名册可以再导入），请勾选下面的选项。</translation>
    </message>
    <message>
        <source>Continue…</source>
        <translation>继续…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Include full ID and phone numbers</source>
        <translation>包含完整的身份证号和电话号码</translation>
    </message>
    <message>
        <source>Roster.xlsx</source>
        <translation>人员信息台账.xlsx</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Export to Excel</source>
        <translation>导出到 Excel</translation>
    </message>
    <message>
        <source>%1 people exported to %2</source>
        <translation>已导出 %1 人到 %2</translation>
    </message>
    <message>
        <source>Member cards</source>
        <translation>会员卡</translation>
    </message>
    <message>
        <source>Member cards.pdf</source>
        <translation>会员卡.pdf</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>ServiceRecordDialog</name>
    <message>
        <source>Service record</source>
        <translation>服务记录</translation>
    </message>
    <message>
        <source>&amp;Volunteer:</source>
        <translation>志愿者(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Project:</source>
        <translation>服务项目(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>服务日期(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Hours:</source>
        <translation>服务时长(&amp;H)：</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>服务角色(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;What was done:</source>
        <translation>服务内容(&amp;W)：</translation>
    </message>
    <message>
        <source>Save and &amp;add another</source>
        <translation>保存并继续登记(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>e.g. 2.5</source>
        <translation>如：2.5</translation>
    </message>
    <message>
        <source>What the volunteer did, for whom, anything worth noting</source>
        <translation>为谁做了什么，以及值得记录的情况</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>New service record</source>
        <translation>登记服务记录</translation>
    </message>
    <message>
        <source>(no project)</source>
        <translation>（不属于任何项目）</translation>
    </message>
    <message>
        <source>%1 (retired)</source>
        <translation>%1（已停用）</translation>
    </message>
    <message>
        <source>+%1 points each time</source>
        <translation>每次加 %1 分</translation>
    </message>
    <message>
        <source>Service record: %1</source>
        <translation>服务记录：%1</translation>
    </message>
    <message>
        <source>Saved: %1 (%2 this time)</source>
        <translation>已保存：%1（本次共 %2 条）</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Signed in as:</source>
        <translation>当前用户：</translation>
    </message>
    <message>
        <source>Change &amp;password…</source>
        <translation>修改密码(&amp;P)…</translation>
    </message>
    <message>
        <source>S&amp;witch user…</source>
        <translation>切换用户(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;Users…</source>
        <translation>用户管理(&amp;U)…</translation>
    </message>
    <message>
        <source>Display</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>界面语言(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Text size:</source>
        <translation>文字大小(&amp;T)：</translation>
    </message>
    <message>
        <source>Books</source>
        <translation>台账</translation>
    </message>
    <message>
        <source>Activity &amp;types…</source>
        <translation>活动类型(&amp;Y)…</translation>
    </message>
    <message>
        <source>&amp;Points scheme…</source>
        <translation>积分规则(&amp;J)…</translation>
    </message>
    <message>
        <source>Empty the photo &amp;trash…</source>
        <translation>清空照片回收站(&amp;R)…</translation>
    </message>
    <message>
        <source>Reminders on the home page</source>
        <translation>首页提醒</translation>
    </message>
    <message>
        <source>Visit special-care people at least every:</source>
        <translation>重点关爱对象走访间隔不超过：</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Bring study material home (送学上门) at least every:</source>
        <translation>送学上门间隔不超过：</translation>
    </message>
    <message>
        <source>Remind of people absent from every activity for:</source>
        <translation>连续未参加活动满以下时间时提醒：</translation>
    </message>
    <message>
        <source> months</source>
        <translation> 个月</translation>
    </message>
    <message>
        <source>Remind of follow-ups this many days before they are due:</source>
        <translation>跟进事项提前几天提醒：</translation>
    </message>
    <message>
        <source>Save &amp;reminder settings</source>
        <translation>保存提醒设置(&amp;R)</translation>
    </message>
    <message>
        <source>Station profile</source>
        <translation>驿站信息</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Community / village:</source>
        <translation>社区/村：</translation>
    </message>
    <message>
        <source>Street / town:</source>
        <translation>街道/镇：</translation>
    </message>
    <message>
        <source>District:</source>
        <translation>所属区（县、市）：</translation>
    </message>
    <message>
        <source>Contact person:</source>
        <translation>联系人：</translation>
    </message>
    <message>
        <source>Contact phone:</source>
        <translation>联系电话：</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>&amp;Save station profile</source>
        <translation>保存驿站信息(&amp;S)</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>数据目录：</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>版本：</translation>
    </message>
    <message>
        <source>&amp;Open data folder</source>
        <translation>打开数据目录(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Check data integrity</source>
        <translation>检查数据完整性(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Backup and restore…</source>
        <translation>备份与恢复(&amp;B)…</translation>
    </message>
    <message>
        <source>Export &amp;diagnostics…</source>
        <translation>导出诊断信息(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;About…</source>
        <translation>关于(&amp;A)…</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Standard (100%)</source>
        <translation>标准（100%）</translation>
    </message>
    <message>
        <source>Large (125%)</source>
        <translation>较大（125%）</translation>
    </message>
    <message>
        <source>Extra large (150%)</source>
        <translation>特大（150%）</translation>
    </message>
    <message>
        <source>Only an administrator can change this.</source>
        <translation>只有管理员可以修改。</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Your password has been changed.</source>
        <translation>密码已修改。</translation>
    </message>
    <message>
        <source>Check data integrity</source>
        <translation>检查数据完整性</translation>
    </message>
    <message>
        <source>All checks passed: %1.</source>
        <translation>检查通过：%1。</translation>
    </message>
    <message>
        <source>These problems were found:</source>
        <translation>发现以下问题：</translation>
    </message>
    <message>
        <source>Photo trash</source>
        <translation>照片回收站</translation>
    </message>
    <message>
        <source>The photo trash is empty.</source>
        <translation>照片回收站是空的。</translation>
    </message>
    <message>
        <source>The trash holds %1 deleted photos. Emptying it removes their files for good; they can no longer be restored. Empty the trash?</source>
        <translation>回收站中有 %1 张已删除的照片。清空后这些照片文件将被永久删除，无法再恢复。确定清空吗？</translation>
    </message>
    <message>
        <source>%1 files removed, %2 MB freed.</source>
        <translation>已删除 %1 个文件，释放 %2 MB 空间。</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Set up</source>
        <translation>初始设置</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>欢迎使用</translation>
    </message>
    <message>
        <source>These few steps set up this computer&apos;s books. Everything stays on this computer until you send it to the district office.</source>
        <translation>只需几步即可设置好本机的台账。所有数据都保存在这台电脑上，直到您发送给区老干部局。</translation>
    </message>
    <message>
        <source>This computer keeps the books of:</source>
        <translation>这台电脑用于：</translation>
    </message>
    <message>
        <source>A &amp;station (community or village station for retired cadres)</source>
        <translation>驿站(&amp;S)（社区或村的老干部驿站、党员活动室）</translation>
    </message>
    <message>
        <source>The &amp;district office (collects the stations&apos; data)</source>
        <translation>区老干部局(&amp;D)（汇总各驿站的数据）</translation>
    </message>
    <message>
        <source>Moving from another computer? Restore its backup (the USB stick&apos;s “…-数据备份” folder, or a .db backup file) instead of setting up a new station.</source>
        <translation>换新电脑了？可以直接恢复旧电脑的备份（U盘里的“…-数据备份”文件夹，或备份文件），不用重新设置驿站。</translation>
    </message>
    <message>
        <source>Put the books, accounts and photos of the old computer onto this one</source>
        <translation>把旧电脑上的台账、用户账号和照片搬到这台电脑上</translation>
    </message>
    <message>
        <source>&amp;Restore from a backup (moving to a new computer)…</source>
        <translation>从备份恢复（换新电脑）(&amp;R)…</translation>
    </message>
    <message>
        <source>Station profile</source>
        <translation>驿站信息</translation>
    </message>
    <message>
        <source>The name and place printed on every ledger. Fields marked * are required.</source>
        <translation>名称和所在地会印在每份台账上。带 * 的为必填项。</translation>
    </message>
    <message>
        <source>Station &amp;name *:</source>
        <translation>驿站名称(&amp;M) *：</translation>
    </message>
    <message>
        <source>e.g. 金湖路社区老干部驿站</source>
        <translation>例如：金湖路社区老干部驿站</translation>
    </message>
    <message>
        <source>&amp;Community / village *:</source>
        <translation>社区/村(&amp;C) *：</translation>
    </message>
    <message>
        <source>S&amp;treet / town:</source>
        <translation>街道/镇(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;District *:</source>
        <translation>所属区（县、市）(&amp;D) *：</translation>
    </message>
    <message>
        <source>Contact &amp;person:</source>
        <translation>联系人(&amp;P)：</translation>
    </message>
    <message>
        <source>Contact p&amp;hone:</source>
        <translation>联系电话(&amp;H)：</translation>
    </message>
    <message>
        <source>mobile, or landline with area code</source>
        <translation>手机号，或带区号的座机号</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>地址(&amp;A)：</translation>
    </message>
    <message>
        <source>Administrator account</source>
        <translation>管理员账号</translation>
    </message>
    <message>
        <source>The first administrator can add other staff accounts later. Keep the password somewhere safe.</source>
        <translation>第一个管理员以后可以为其他工作人员添加账号。请妥善保管密码。</translation>
    </message>
    <message>
        <source>&amp;User name *:</source>
        <translation>用户名(&amp;U) *：</translation>
    </message>
    <message>
        <source>Your &amp;name:</source>
        <translation>您的姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Password *:</source>
        <translation>密码(&amp;P) *：</translation>
    </message>
    <message>
        <source>&amp;Repeat password *:</source>
        <translation>再次输入密码(&amp;R) *：</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>准备就绪</translation>
    </message>
    <message>
        <source>Setup is complete once you press Finish.</source>
        <translation>点击“完成”即完成设置。</translation>
    </message>
    <message>
        <source>&amp;Load demo data to try the program out</source>
        <translation>载入演示数据，先试用一下(&amp;L)</translation>
    </message>
    <message>
        <source>Demo data adds 300 invented people with a year of activities, sign-ins, photos, visits and volunteer records to your station, so you can see every page filled in. Leave this unticked to start with empty books.</source>
        <translation>演示数据会向驿站添加 300 名虚构人员，以及一年的活动、签到、照片、走访慰问和志愿服务记录，方便您查看各页面的实际效果。不勾选则从空白台账开始。</translation>
    </message>
    <message>
        <source>Backup &amp;folder or USB stick…</source>
        <translation>备份文件夹或U盘(&amp;F)…</translation>
    </message>
    <message>
        <source>Backup f&amp;ile (.db)…</source>
        <translation>备份文件(&amp;I)…</translation>
    </message>
    <message>
        <source>Office &amp;name *:</source>
        <translation>单位名称(&amp;N) *：</translation>
    </message>
    <message>
        <source>&amp;Community / village:</source>
        <translation>社区/村(&amp;C)：</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>This backup holds no station&apos;s books: it was made before the station was set up. Please choose another backup.</source>
        <translation>这个备份里没有驿站的台账：它是在设置驿站之前做的。请选择另一个备份。</translation>
    </message>
    <message>
        <source>Restore this backup onto this computer?</source>
        <translation>把这个备份恢复到这台电脑上吗？</translation>
    </message>
    <message>
        <source>Afterwards, sign in with a user name and password from the old computer.</source>
        <translation>恢复后，请用旧电脑上的用户名和密码登录。</translation>
    </message>
    <message>
        <source>Setting up</source>
        <translation>正在设置</translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <source>Cadre Station Books</source>
        <translation>老干部驿站台账</translation>
    </message>
    <message>
        <source>Loading demo data</source>
        <translation>正在载入演示数据</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>The books of %1 were restored from the backup onto this computer.</source>
        <translation>已把“%1”的台账从备份恢复到这台电脑上。</translation>
    </message>
    <message>
        <source>The books were restored from the backup. A copy of the data as it was before is kept in %1.</source>
        <translation>已从备份恢复台账。恢复前的数据已另存一份：%1。</translation>
    </message>
    <message>
        <source>Cannot open the data</source>
        <translation>无法打开数据</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Sign in with your user name and password.</source>
        <translation>请输入用户名和密码登录。</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>登录(&amp;S)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Switch user</source>
        <translation>切换用户</translation>
    </message>
    <message>
        <source>Please enter your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Overview</source>
        <translation>概况</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Key fingerprint:</source>
        <translation>密钥指纹：</translation>
    </message>
    <message>
        <source>When a setup file is handed over, both sides read their fingerprints to each other by phone: they must match the ones shown on the other computer.</source>
        <translation>交接入网文件时，双方请通过电话互相读出密钥指纹，必须与对方电脑上显示的完全一致。</translation>
    </message>
    <message>
        <source>This station has not joined the district office yet, so it cannot exchange data. Ask the district office for this station&apos;s setup file, then join with it.</source>
        <translation>本站尚未加入区老干部局，还不能交换数据。请向区老干部局索取本站的入网文件，然后用它加入。</translation>
    </message>
    <message>
        <source>&amp;Join the district office…</source>
        <translation>加入区老干部局(&amp;J)…</translation>
    </message>
    <message>
        <source>Exchange</source>
        <translation>数据交换</translation>
    </message>
    <message>
        <source>Stations:</source>
        <translation>驿站：</translation>
    </message>
    <message>
        <source>Last sent:</source>
        <translation>上次发出：</translation>
    </message>
    <message>
        <source>Last received:</source>
        <translation>上次收到：</translation>
    </message>
    <message>
        <source>Conflicts:</source>
        <translation>冲突：</translation>
    </message>
    <message>
        <source>&amp;Import bundle…</source>
        <translation>导入数据包(&amp;I)…</translation>
    </message>
    <message>
        <source>Encrypt bundles (only the addressee can open them)</source>
        <translation>加密数据包（只有收件方能打开）</translation>
    </message>
    <message>
        <source>Stations</source>
        <translation>驿站</translation>
    </message>
    <message>
        <source>&amp;Add station…</source>
        <translation>添加驿站(&amp;A)…</translation>
    </message>
    <message>
        <source>New &amp;setup file…</source>
        <translation>重新生成入网文件(&amp;S)…</translation>
    </message>
    <message>
        <source>Sto&amp;p this station…</source>
        <translation>停用驿站(&amp;P)…</translation>
    </message>
    <message>
        <source>E&amp;xport for this station…</source>
        <translation>导出给所选驿站(&amp;X)…</translation>
    </message>
    <message>
        <source>Export for a&amp;ll stations…</source>
        <translation>导出给全部驿站(&amp;L)…</translation>
    </message>
    <message>
        <source>History</source>
        <translation>收发记录</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Keep &amp;this computer&apos;s value</source>
        <translation>保留本机的值(&amp;T)</translation>
    </message>
    <message>
        <source>Keep the &amp;other side&apos;s value</source>
        <translation>保留对方的值(&amp;O)</translation>
    </message>
    <message>
        <source>Changes not yet sent:</source>
        <translation>尚未发送的更改：</translation>
    </message>
    <message>
        <source>Data travels between the station and the district office as a signed file, carried on a USB stick or sent as an attachment. Every change made here is kept until the district confirms it has received it.</source>
        <translation>驿站与区老干部局之间用带签名的数据文件交换数据，可用U盘传递，也可作为附件发送。本机的每项更改都会保留，直到区老干部局确认已收到。</translation>
    </message>
    <message>
        <source>Data sync</source>
        <extracomment>closed vocabularies: the stored code and the word shown for it</extracomment>
        <translation>数据同步</translation>
    </message>
    <message>
        <source>District office</source>
        <translation>区老干部局</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>驿站</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Key fingerprint</source>
        <translation>密钥指纹</translation>
    </message>
    <message>
        <source>Not yet sent</source>
        <translation>待发送</translation>
    </message>
    <message>
        <source>Last received</source>
        <translation>上次收到</translation>
    </message>
    <message>
        <source>Last sent</source>
        <translation>上次发出</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>收/发</translation>
    </message>
    <message>
        <source>Other side</source>
        <translation>对方</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>记录数</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片数</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Encrypted</source>
        <translation>加密</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>This computer&apos;s value</source>
        <translation>本机的值</translation>
    </message>
    <message>
        <source>Other side&apos;s value</source>
        <translation>对方的值</translation>
    </message>
    <message>
        <source>In use now</source>
        <translation>现在使用</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>发现时间</translation>
    </message>
    <message>
        <source>Waiting to join</source>
        <translation>待加入</translation>
    </message>
    <message>
        <source>Joined</source>
        <translation>已加入</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Already imported</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Ethnicity</source>
        <translation>民族</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>出生年月</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Former work unit</source>
        <translation>原工作单位</translation>
    </message>
    <message>
        <source>Former position</source>
        <translation>原职务</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>职级</translation>
    </message>
    <message>
        <source>Retired or left office</source>
        <translation>离退休类别</translation>
    </message>
    <message>
        <source>Retirement date</source>
        <translation>离退休时间</translation>
    </message>
    <message>
        <source>Political status</source>
        <translation>政治面貌</translation>
    </message>
    <message>
        <source>Party branch</source>
        <translation>所在党支部</translation>
    </message>
    <message>
        <source>Taking part in activities</source>
        <translation>活动类别</translation>
    </message>
    <message>
        <source>Reported to the community</source>
        <translation>社区报到</translation>
    </message>
    <message>
        <source>Date reported</source>
        <translation>报到时间</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Home phone</source>
        <translation>固定电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>家庭住址</translation>
    </message>
    <message>
        <source>Emergency contact</source>
        <translation>紧急联系人</translation>
    </message>
    <message>
        <source>Emergency phone</source>
        <translation>紧急联系电话</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>健康状况</translation>
    </message>
    <message>
        <source>Seriously ill</source>
        <translation>身患重病</translation>
    </message>
    <message>
        <source>Major change in the family</source>
        <translation>家庭重大变故</translation>
    </message>
    <message>
        <source>Living alone</source>
        <translation>独居</translation>
    </message>
    <message>
        <source>Empty nest</source>
        <translation>空巢</translation>
    </message>
    <message>
        <source>Unable to look after themselves</source>
        <translation>失能</translation>
    </message>
    <message>
        <source>Interests</source>
        <translation>兴趣爱好</translation>
    </message>
    <message>
        <source>Talents</source>
        <translation>人才标签</translation>
    </message>
    <message>
        <source>Status in the roster</source>
        <translation>人员状态</translation>
    </message>
    <message>
        <source>Status changed on</source>
        <translation>状态变更日期</translation>
    </message>
    <message>
        <source>Moved to</source>
        <translation>迁往</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Activity title</source>
        <translation>活动名称</translation>
    </message>
    <message>
        <source>Activity type</source>
        <translation>活动类型</translation>
    </message>
    <message>
        <source>Activity date</source>
        <translation>活动日期</translation>
    </message>
    <message>
        <source>Start time</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>End time</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>活动地点</translation>
    </message>
    <message>
        <source>Organised by</source>
        <translation>组织者</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主持人</translation>
    </message>
    <message>
        <source>Who is expected</source>
        <translation>应到人员范围</translation>
    </message>
    <message>
        <source>Activity record</source>
        <translation>活动记录</translation>
    </message>
    <message>
        <source>Visit date</source>
        <translation>走访日期</translation>
    </message>
    <message>
        <source>Person visited</source>
        <translation>被走访人员</translation>
    </message>
    <message>
        <source>Household visited</source>
        <translation>走访的户</translation>
    </message>
    <message>
        <source>Visitors</source>
        <translation>走访人</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>走访原因</translation>
    </message>
    <message>
        <source>Gifts</source>
        <translation>慰问品</translation>
    </message>
    <message>
        <source>Money given</source>
        <translation>慰问金</translation>
    </message>
    <message>
        <source>Situation</source>
        <translation>走访情况</translation>
    </message>
    <message>
        <source>Needs raised</source>
        <translation>反映的诉求</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>跟进事项</translation>
    </message>
    <message>
        <source>Follow-up due</source>
        <translation>跟进期限</translation>
    </message>
    <message>
        <source>Follow-up done</source>
        <translation>跟进已完成</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>Not deleted</source>
        <translation>未删除</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
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
        <source>Photo %1</source>
        <translation>照片 %1</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>尚无</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Reading the sync status</source>
        <translation>读取同步状态</translation>
    </message>
    <message>
        <source>One bundle for each station that has not been stopped, into a folder</source>
        <translation>为每个未停用的驿站各导出一个数据包，保存到一个文件夹</translation>
    </message>
    <message>
        <source>Stations send their bundles on a USB stick or as attachments: import each one here. Then export a bundle for each station and send it back, so that the station receives the district&apos;s changes and knows what has arrived.</source>
        <translation>各驿站用U盘或附件送来数据包，请逐个在这里导入。然后为每个驿站导出数据包并送回，驿站才能收到区老干部局的更改，并知道哪些数据已经送达。</translation>
    </message>
    <message>
        <source>&amp;Export bundle…</source>
        <translation>导出数据包(&amp;E)…</translation>
    </message>
    <message>
        <source>Save the changes not yet sent as a file for the district office</source>
        <translation>把尚未发送的更改保存为文件，交给区老干部局</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) not yet received by the district office</source>
        <translation>
            <numerusform>%n 项更改区老干部局尚未收到</numerusform>
        </translation>
    </message>
    <message>
        <source>None: the district office has confirmed it has everything from here</source>
        <translation>没有，区老干部局已确认收到本机的全部数据</translation>
    </message>
    <message numerus="yes">
        <source>%n to settle: see the Conflicts tab</source>
        <translation>
            <numerusform>%n 项待处理，请看“冲突”标签页</numerusform>
        </translation>
    </message>
    <message>
        <source>None</source>
        <translation>没有</translation>
    </message>
    <message>
        <source>None registered yet: add them on the Stations tab</source>
        <translation>还没有登记驿站，请在“驿站”标签页添加</translation>
    </message>
    <message numerus="yes">
        <source>%n joined</source>
        <translation>
            <numerusform>已加入 %n 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting to join</source>
        <translation>
            <numerusform>待加入 %n 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n stopped</source>
        <translation>
            <numerusform>已停用 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>(shown once it has joined)</source>
        <translation>（加入后显示）</translation>
    </message>
    <message>
        <source>Waiting for the station&apos;s first bundle, which proves it holds the setup file.</source>
        <translation>正在等待该驿站的第一个数据包，它证明驿站持有入网文件。</translation>
    </message>
    <message>
        <source>Register each station here with Add station: it saves a setup file to give to the station. The station joins with it and its first bundle completes the joining.</source>
        <translation>请用“添加驿站”在这里登记每个驿站，程序会保存一个入网文件交给驿站。驿站用它加入，它发来的第一个数据包导入后即完成加入。</translation>
    </message>
    <message>
        <source>Choose a station for a new setup file, to stop it, or to export a bundle for it.</source>
        <translation>选中一个驿站，可以为它重新生成入网文件、停用它，或为它导出数据包。</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>发出</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收到</translation>
    </message>
    <message>
        <source>No bundle has been sent or received yet.</source>
        <translation>还没有发出或收到过数据包。</translation>
    </message>
    <message>
        <source>This computer&apos;s</source>
        <translation>本机的值</translation>
    </message>
    <message>
        <source>Other side&apos;s</source>
        <translation>对方的值</translation>
    </message>
    <message numerus="yes">
        <source>Conflicts (%n)</source>
        <translation>
            <numerusform>冲突（%n）</numerusform>
        </translation>
    </message>
    <message>
        <source>These items were changed both on this computer and by the other side before they had exchanged bundles. The later change is in use for now. Choose which value to keep: the choice goes to the other side with the next bundle.</source>
        <translation>下列项目在双方交换数据包之前，本机和对方都作了修改。目前暂用较晚的修改。请选择保留哪个值，您的选择会随下一个数据包发给对方。</translation>
    </message>
    <message>
        <source>There are no conflicts to settle.</source>
        <translation>没有需要处理的冲突。</translation>
    </message>
    <message>
        <source> (in use now)</source>
        <translation>（现在使用）</translation>
    </message>
    <message>
        <source>%1&apos;s value</source>
        <translation>%1的值</translation>
    </message>
    <message>
        <source>Your role does not allow sending or receiving bundles. Please ask an administrator.</source>
        <translation>您的角色不能收发数据包。如需要，请让管理员操作。</translation>
    </message>
    <message>
        <source>Only an administrator can change this (it needs the settings permission).</source>
        <translation>只有管理员才能修改这一项（需要“修改设置”权限）。</translation>
    </message>
    <message>
        <source>An encrypted bundle can only be opened on the computer it is for. Without encryption, anyone who finds the USB stick can read the names, ID numbers, phone numbers and health notes in it.</source>
        <translation>加密的数据包只有收件方的电脑才能打开。不加密时，任何人捡到U盘都能看到其中的姓名、身份证号、电话和健康情况。</translation>
    </message>
    <message>
        <source>A station&apos;s key arrives with its first bundle; until then its bundles go unencrypted.</source>
        <translation>驿站的加密公钥随它的第一个数据包送来；在此之前，发给它的数据包不加密。</translation>
    </message>
    <message>
        <source>No key yet from: %1</source>
        <translation>尚未收到加密公钥的驿站：%1</translation>
    </message>
    <message>
        <source>The district office&apos;s key has not arrived yet: bundles go unencrypted until its next bundle is imported here.</source>
        <translation>还没有收到区老干部局的加密公钥：在本机导入它的下一个数据包之前，导出的数据包不加密。</translation>
    </message>
    <message>
        <source>Encrypt bundles</source>
        <translation>加密数据包</translation>
    </message>
    <message>
        <source>Open the folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <source>Join the district office</source>
        <translation>加入区老干部局</translation>
    </message>
    <message>
        <source>Setup files (*%1)</source>
        <translation>入网文件 (*%1)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Join %1 as %2?</source>
        <translation>以“%2”的身份加入%1吗？</translation>
    </message>
    <message>
        <source>Key fingerprint of the district office in this file:</source>
        <translation>入网文件中区老干部局的密钥指纹：</translation>
    </message>
    <message>
        <source>Please check it with the district office: phone them and ask them to read out the fingerprint shown on their Data sync page. Join only if every character matches; otherwise the file did not come from them.</source>
        <translation>请与区老干部局核对密钥指纹：打电话请对方读出其“数据同步”页面上显示的指纹，每个字符都一致才加入；否则这个文件不是区老干部局发的。</translation>
    </message>
    <message>
        <source>The books kept on this computer stay as they are.</source>
        <translation>本机已有的台账数据保持不变。</translation>
    </message>
    <message>
        <source>Joining the district office</source>
        <translation>正在加入区老干部局</translation>
    </message>
    <message>
        <source>This station has joined %1.</source>
        <translation>本站已加入%1。</translation>
    </message>
    <message>
        <source>From now on, export a bundle for the district office whenever there are changes, and import the bundles it sends back.</source>
        <translation>今后有了更改，请导出数据包交给区老干部局，并导入区老干部局送回的数据包。</translation>
    </message>
    <message>
        <source>Sync bundles (*%1)</source>
        <translation>同步数据包 (*%1)</translation>
    </message>
    <message>
        <source>Export bundle</source>
        <translation>导出数据包</translation>
    </message>
    <message>
        <source>Export bundle for %1</source>
        <translation>导出给%1的数据包</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n 条记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s)</source>
        <translation>
            <numerusform>%n 张照片</numerusform>
        </translation>
    </message>
    <message>
        <source>It is encrypted: only %1 can open it.</source>
        <translation>数据包已加密，只有%1能打开。</translation>
    </message>
    <message>
        <source>It is not encrypted: the encryption key of %1 has not arrived yet. It comes with their next bundle; once that is imported here, bundles for them are encrypted.</source>
        <translation>数据包没有加密：还没有收到%1的加密公钥。它会随对方的下一个数据包送来；在本机导入后，发给对方的数据包就会加密。</translation>
    </message>
    <message>
        <source>It is not encrypted: anyone who has the file can read it.</source>
        <translation>数据包没有加密：拿到这个文件的人都能看到其中的内容。</translation>
    </message>
    <message>
        <source>The bundle for %1 is saved: %2.</source>
        <translation>发往%1的数据包已保存：%2。</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>文件：%1</translation>
    </message>
    <message>
        <source>Take the file to %1 on a USB stick or send it as an attachment; they import it on their Data sync page.</source>
        <translation>请用U盘把这个文件送到%1，或作为附件发送；对方在“数据同步”页面导入。</translation>
    </message>
    <message>
        <source>Export for all stations</source>
        <translation>导出给全部驿站</translation>
    </message>
    <message>
        <source>, encrypted</source>
        <translation>，已加密</translation>
    </message>
    <message>
        <source>, not encrypted</source>
        <translation>，未加密</translation>
    </message>
    <message numerus="yes">
        <source>%n bundle(s) saved in %1:</source>
        <translation>
            <numerusform>已在 %1 保存 %n 个数据包：</numerusform>
        </translation>
    </message>
    <message>
        <source>Send each station the file with its name.</source>
        <translation>请把文件名中带有驿站名称的文件分别送给相应的驿站。</translation>
    </message>
    <message>
        <source>Import bundle</source>
        <translation>导入数据包</translation>
    </message>
    <message>
        <source>The bundle was not imported. Nothing on this computer was changed.</source>
        <translation>数据包没有导入，本机数据没有任何改动。</translation>
    </message>
    <message>
        <source>This bundle from %1 was imported before; nothing was changed.</source>
        <translation>这个来自%1的数据包已经导入过，没有改动。</translation>
    </message>
    <message>
        <source>The bundle from %1 is imported.</source>
        <translation>来自%1的数据包已导入。</translation>
    </message>
    <message numerus="yes">
        <source>It held %n record(s); %1 of them were new or changed here.</source>
        <translation>
            <numerusform>数据包中共有 %n 条记录，其中 %1 条在本机新增或更新。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> %n photo(s) arrived with it.</source>
        <translation>
            <numerusform>随包收到 %n 张照片。</numerusform>
        </translation>
    </message>
    <message>
        <source>The data was backed up before the import: %1</source>
        <translation>导入前已备份数据：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) were changed on both sides. The later change is in use for now; please settle them on the Conflicts tab.</source>
        <translation>
            <numerusform>有 %n 项数据双方都作了修改，目前暂用较晚的修改，请在“冲突”标签页处理。</numerusform>
        </translation>
    </message>
    <message>
        <source>Show the conflicts</source>
        <translation>查看冲突</translation>
    </message>
    <message>
        <source>Add station</source>
        <translation>添加驿站</translation>
    </message>
    <message>
        <source>The setup file for %1 is saved:</source>
        <translation>%1的入网文件已保存：</translation>
    </message>
    <message>
        <source>Give it to the station (on a USB stick or as an attachment). When they join, they see the fingerprint below: read it to them by phone and ask them to check that it matches.</source>
        <translation>请把它交给驿站（用U盘或作为附件发送），并请其核对指纹：驿站加入时会看到下面这串指纹，请通过电话读给对方，确认完全一致。</translation>
    </message>
    <message>
        <source>New setup file</source>
        <translation>重新生成入网文件</translation>
    </message>
    <message>
        <source>Setup files saved before for this station no longer work.</source>
        <translation>以前为这个驿站生成的入网文件已经作废。</translation>
    </message>
    <message>
        <source>Stop accepting a station</source>
        <translation>停用驿站</translation>
    </message>
    <message>
        <source>Stop accepting bundles from %1?

Do this when the station&apos;s computer is lost or replaced by another one. Its bundles are refused from then on and no more bundles are made for it. This cannot be undone.</source>
        <translation>停用%1，不再接收它的数据包吗？

驿站的电脑丢失或更换时才需要停用。停用后，它发来的数据包都会被拒绝，也不能再给它导出数据包。停用后无法恢复。</translation>
    </message>
    <message>
        <source>Settle a conflict</source>
        <translation>处理冲突</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从未同步</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
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
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>R&amp;epeat password:</source>
        <translation>再次输入密码(&amp;E)：</translation>
    </message>
    <message>
        <source>Account in &amp;use (may sign in)</source>
        <translation>账号启用（可以登录）(&amp;U)</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>Change user</source>
        <translation>修改用户</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <source>Users</source>
        <translation>用户管理</translation>
    </message>
    <message>
        <source>Each person who works with the books signs in with their own account, so every change records who made it. Administrators may do everything; operators keep the records, sign people in, print and sync; read-only users view and print.</source>
        <translation>每位使用台账的工作人员用自己的账号登录，每次修改都会记下是谁做的。管理员可以使用全部功能；操作员维护台账、签到、打印和同步；只读用户只能查看和打印。</translation>
    </message>
    <message>
        <source>&amp;Add user…</source>
        <translation>添加用户(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Change…</source>
        <translation>修改(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Reset password…</source>
        <translation>重设密码(&amp;R)…</translation>
    </message>
    <message>
        <source>Sign in &amp;automatically as:</source>
        <translation>启动时自动登录为(&amp;L)：</translation>
    </message>
    <message>
        <source>Only for a PC used by one person: the app then opens without asking for a password, and still records that user on every change.</source>
        <translation>仅适用于只有一人使用的电脑：程序启动时不再询问密码，每次修改仍记为该用户所做。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
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
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Not in use</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Locked after wrong passwords</source>
        <translation>密码输错太多，已暂时锁定</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>, signs in automatically</source>
        <translation>，自动登录</translation>
    </message>
    <message>
        <source>Nobody (always ask for a password)</source>
        <translation>无（每次都要输入密码）</translation>
    </message>
    <message>
        <source>Automatic sign-in</source>
        <translation>自动登录</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <source>Visit</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>事由(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Person visited:</source>
        <translation>走访对象(&amp;P)：</translation>
    </message>
    <message>
        <source>Or a &amp;household:</source>
        <translation>或走访户(&amp;E)：</translation>
    </message>
    <message>
        <source>Visi&amp;tors:</source>
        <translation>走访人(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Gifts:</source>
        <translation>慰问品(&amp;G)：</translation>
    </message>
    <message>
        <source>&amp;Money:</source>
        <translation>慰问金(&amp;M)：</translation>
    </message>
    <message>
        <source>yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <source>&amp;Situation:</source>
        <translation>走访情况(&amp;Q)：</translation>
    </message>
    <message>
        <source>&amp;Needs raised:</source>
        <translation>反映诉求(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Follow-up:</source>
        <translation>跟进事项(&amp;F)：</translation>
    </message>
    <message>
        <source>Follow up d&amp;ue by</source>
        <translation>跟进期限(&amp;U)</translation>
    </message>
    <message>
        <source>Follow-up d&amp;one</source>
        <translation>已完成跟进(&amp;O)</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Delete visit…</source>
        <translation>删除走访记录…</translation>
    </message>
    <message>
        <source>Save and add p&amp;hotos</source>
        <translation>保存并添加照片(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <extracomment>a new follow-up is due this long after the visit unless changed</extracomment>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>A family visited together, e.g. the Zhang family (12 Jinhu Road)</source>
        <translation>走访一户时填写，如：张家（金湖路12号）</translation>
    </message>
    <message>
        <source>Who went, e.g. the secretary and a social worker</source>
        <translation>参加走访的人员，如：书记王芳、社工李明</translation>
    </message>
    <message>
        <source>e.g. rice and oil</source>
        <translation>如：米、油各一份</translation>
    </message>
    <message>
        <source>How the person is: health, living conditions, spirits</source>
        <translation>身体状况、生活情况、精神状态等</translation>
    </message>
    <message>
        <source>What the person or the family asked for</source>
        <translation>本人或家属反映的困难和诉求</translation>
    </message>
    <message>
        <source>What the station will do next, and who</source>
        <translation>驿站下一步要做的事和负责人</translation>
    </message>
    <message>
        <source>New visit</source>
        <translation>新增走访</translation>
    </message>
    <message>
        <source>Photos (%1)</source>
        <translation>照片（%1）</translation>
    </message>
    <message>
        <source>Visit: %1, %2</source>
        <translation>走访记录：%1，%2</translation>
    </message>
    <message>
        <source>%1 has since died. The visit stays in the records as it was.</source>
        <translation>%1 已故，本条走访记录按原样保留。</translation>
    </message>
    <message>
        <source>%1 has since moved away. The visit stays in the records as it was.</source>
        <translation>%1 已迁出，本条走访记录按原样保留。</translation>
    </message>
    <message>
        <source>%1 has since been removed from the roster. The visit stays in the records as it was.</source>
        <translation>%1 已从名册中删除，这条走访记录按原样保留。</translation>
    </message>
    <message>
        <source>Choose the person from the list (type, then press Enter or click a name).</source>
        <translation>请从列表中选择走访对象（输入后按回车或点击姓名）。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Delete the visit to %1 on %2?</source>
        <translation>删除 %2 对%1的走访记录？</translation>
    </message>
    <message>
        <source>Its %1 photos stay with it in the history.</source>
        <translation>它的 %1 张照片随记录保留在历史中。</translation>
    </message>
    <message>
        <source>Delete visit</source>
        <translation>删除走访记录</translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <source>Visits &amp; care</source>
        <extracomment>the columns of browse.VISITS shown (after the id) the filter combo&apos;s choices: everything, follow-ups not done yet, follow-ups past their date</extracomment>
        <translation>走访慰问</translation>
    </message>
    <message>
        <source>Person or household visited, visitors, gifts</source>
        <translation>走访对象或户、走访人、慰问品</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Follow-up open</source>
        <translation>跟进未完成</translation>
    </message>
    <message>
        <source>All stations</source>
        <translation>全部驿站</translation>
    </message>
    <message>
        <source>New visit (%1)</source>
        <translation>新增走访（%1）</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>走访事由</translation>
    </message>
    <message>
        <source>Visitors</source>
        <translation>走访人</translation>
    </message>
    <message>
        <source>Gifts</source>
        <translation>慰问品</translation>
    </message>
    <message>
        <source>Money (yuan)</source>
        <translation>慰问金（元）</translation>
    </message>
    <message>
        <source>Follow-up due</source>
        <translation>跟进期限</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>驿站</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Mark follow-up done</source>
        <translation>跟进已完成</translation>
    </message>
    <message>
        <source>Delete the visit to %1 on %2?</source>
        <translation>删除 %2 对%1的走访记录？</translation>
    </message>
    <message>
        <source>Delete visit</source>
        <translation>删除走访记录</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Person or household</source>
        <translation>走访对象</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>待办</translation>
    </message>
    <message>
        <source>&amp;New visit…</source>
        <translation>新增走访(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Mark follow-up &amp;done</source>
        <translation>跟进已完成(&amp;D)</translation>
    </message>
    <message>
        <source>De&amp;lete…</source>
        <translation>删除(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>搜索(&amp;S)：</translation>
    </message>
    <message>
        <source>S&amp;tation:</source>
        <translation>驿站(&amp;T)：</translation>
    </message>
    <message>
        <source>Sho&amp;w:</source>
        <translation>显示(&amp;W)：</translation>
    </message>
</context>
<context>
    <name>VolunteerPage</name>
    <message>
        <source>Volunteer service</source>
        <translation>志愿服务</translation>
    </message>
    <message>
        <source>Volunteer, project, field or what was done</source>
        <translation>志愿者、项目、领域或服务内容</translation>
    </message>
    <message>
        <source>Whole year</source>
        <translation>全年</translation>
    </message>
    <message>
        <source>Month %1</source>
        <translation>%1月</translation>
    </message>
    <message>
        <source>Name, pinyin initials, talent or former work unit</source>
        <translation>姓名、拼音首字母、人才类别或原工作单位</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Volunteer</source>
        <translation>志愿者</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>服务领域</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>时长（小时）</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>服务内容</translation>
    </message>
    <message>
        <source>Organised by</source>
        <translation>组织单位</translation>
    </message>
    <message>
        <source>Contact phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>服务记录</translation>
    </message>
    <message>
        <source>Volunteers</source>
        <translation>志愿者</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>名次</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Party branch</source>
        <translation>所在党支部</translation>
    </message>
    <message>
        <source>Activities attended</source>
        <translation>参加活动</translation>
    </message>
    <message>
        <source>Service points</source>
        <translation>服务时长积分</translation>
    </message>
    <message>
        <source>Activity points</source>
        <translation>活动积分</translation>
    </message>
    <message>
        <source>Role points</source>
        <translation>角色积分</translation>
    </message>
    <message>
        <source>Total points</source>
        <translation>总积分</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <source>Talents</source>
        <translation>人才类别</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <source>Home phone</source>
        <translation>固定电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>家庭住址</translation>
    </message>
    <message>
        <source>Hours in all</source>
        <translation>累计服务时长</translation>
    </message>
    <message>
        <source>Hours this year</source>
        <translation>本年服务时长</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source> · district</source>
        <translation> · 区级</translation>
    </message>
    <message>
        <source>%1 projects in the library</source>
        <translation>项目库共 %1 个项目</translation>
    </message>
    <message>
        <source>, %1 of them retired</source>
        <translation>，其中 %1 个已停用</translation>
    </message>
    <message>
        <source>%1 people earned points</source>
        <translation>共 %1 人获得积分</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>%1 per hour of service</source>
        <translation>每服务 1 小时 %1 分</translation>
    </message>
    <message>
        <source>per activity attended: %1</source>
        <translation>参加活动：%1</translation>
    </message>
    <message>
        <source>per service in a role: %1</source>
        <translation>服务角色：%1</translation>
    </message>
    <message>
        <source>Points scheme in force: %1.</source>
        <translation>现行积分规则：%1。</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>No points scheme has been set, so nobody earns points yet.</source>
        <translation>尚未设置积分规则，目前不计积分。</translation>
    </message>
    <message>
        <source>An administrator changes the scheme under Settings.</source>
        <translation>管理员可在“设置”中修改积分规则。</translation>
    </message>
    <message>
        <source>All talents</source>
        <translation>全部人才类别</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Found: %1 people</source>
        <translation>找到 %1 人</translation>
    </message>
    <message>
        <source>In all: %1 people</source>
        <translation>共 %1 人</translation>
    </message>
    <message>
        <source>Re&amp;activate</source>
        <translation>重新启用(&amp;A)</translation>
    </message>
    <message>
        <source>Service record</source>
        <translation>服务记录</translation>
    </message>
    <message>
        <source>Delete the service record of %1 on %2 (%3 hours)?</source>
        <translation>删除 %1 在 %2 的服务记录（%3 小时）吗？</translation>
    </message>
    <message>
        <source>Project: %1</source>
        <translation>项目：%1</translation>
    </message>
    <message>
        <source>Delete service record</source>
        <translation>删除服务记录</translation>
    </message>
    <message>
        <source>Volunteer project</source>
        <translation>志愿服务项目</translation>
    </message>
    <message>
        <source>Delete project</source>
        <translation>删除项目</translation>
    </message>
    <message>
        <source>Delete the project “%1” from the library?</source>
        <translation>从项目库中删除“%1”吗？</translation>
    </message>
    <message>
        <source>Export the talent pool</source>
        <translation>导出银色人才库</translation>
    </message>
    <message>
        <source>Talent pool_%1.xlsx</source>
        <translation>银色人才库_%1.xlsx</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Export to Excel</source>
        <translation>导出到 Excel</translation>
    </message>
    <message>
        <source>%1 people exported to %2</source>
        <translation>已导出 %1 人到 %2</translation>
    </message>
    <message>
        <source>Service records</source>
        <translation>服务记录</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>搜索(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;New record…</source>
        <translation>登记服务(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <source>Project library</source>
        <translation>项目库</translation>
    </message>
    <message>
        <source>New &amp;project…</source>
        <translation>新建项目(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>修改(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Retire</source>
        <translation>停用(&amp;R)</translation>
    </message>
    <message>
        <source>De&amp;lete…</source>
        <translation>删除(&amp;L)…</translation>
    </message>
    <message>
        <source>Points ranking</source>
        <translation>积分排名</translation>
    </message>
    <message>
        <source>&amp;Year:</source>
        <translation>年份(&amp;Y)：</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>期间(&amp;P)：</translation>
    </message>
    <message>
        <source>Talent pool</source>
        <translation>银色人才库</translation>
    </message>
    <message>
        <source>&amp;Talent:</source>
        <translation>人才类别(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Record service…</source>
        <translation>登记服务(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Hide the middle digits of phone numbers</source>
        <translation>隐去电话号码中间几位(&amp;H)</translation>
    </message>
    <message>
        <source>E&amp;xport to Excel…</source>
        <translation>导出到 Excel(&amp;X)…</translation>
    </message>
</context>
</TS>
