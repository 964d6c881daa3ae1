; 老干部驿站台账 — the Windows installer (Inno Setup 6.2 or later).
;
; installer\build.ps1 builds the program with PyInstaller and then compiles this script:
;
;   ISCC.exe /DAppVersion=0.1.0 /DDistDir=C:\...\build\dist\cadre_desk /OC:\...\build\installer installer\cadre_desk.iss
;
; What the user gets: an install for the current Windows user only, without administrator
; rights, into %LOCALAPPDATA%\Programs\cadre_desk. The books themselves (database, photos,
; backups, logs, reports, settings) live elsewhere: in %LOCALAPPDATA%\cadre_desk, or where the
; variable CADRE_DESK_DATA_DIR points. A new version installs over the old one and never
; touches them (the program upgrades its database itself, after a backup); the uninstaller
; deletes them only if the user answers "yes" to two questions whose default is "no".
;
; This file is saved as UTF-8 with BOM: without the BOM Inno Setup reads it as ANSI and the
; Chinese text comes out garbled.

#define AppName "老干部驿站台账"
#define AppPublisher "cadre_desk"
; the window program: the target of the shortcuts (cadre-desk.exe beside it is the command line)
#define AppExeName "CadreDesk.exe"
; the data folder under %LOCALAPPDATA% (APP_NAME in cadre_desk/core/paths.py)
#define DataDirName "cadre_desk"
; held by the window program while it runs (APP_MUTEX in cadre_desk/core/paths.py)
#define AppMutexName "cadre_desk.running"

; The version is never guessed here: an installer built without it must fail to compile rather
; than ship under a wrong version. (Reading it from CadreDesk.exe with GetVersionNumbersString
; would give only the numeric part, and silently an old one from a stale build folder.)
#ifndef AppVersion
  #error AppVersion is not set: build with installer\build.ps1, or pass /DAppVersion=X.Y.Z to ISCC
#endif
; Windows' file version takes numbers only; build.ps1 passes the leading numbers of a version
; such as 1.2.0rc1 here.
#ifndef AppVersionNumeric
  #define AppVersionNumeric AppVersion
#endif
#ifndef DistDir
  #define DistDir AddBackslash(SourcePath) + "..\build\dist\cadre_desk"
#endif
#if !FileExists(AddBackslash(DistDir) + AppExeName)
  #error CadreDesk.exe is not in DistDir: build the program with PyInstaller first (installer\build.ps1)
#endif

[Setup]
; Never change the AppId: Windows knows the installed program by it, so that a new version
; installs over the old one (same folder, same shortcuts, one entry in Apps).
AppId={{BAB2C568-0DE5-482E-B503-C84FCCA732C6}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersionNumeric}
VersionInfoDescription={#AppName} 安装程序
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExeName}

; Station PCs are office PCs whose staff rarely have an administrator password: install for
; the current user only ({autopf} is then %LOCALAPPDATA%\Programs), and never ask for rights.
PrivilegesRequired=lowest
DefaultDirName={autopf}\cadre_desk
UsePreviousAppDir=yes
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes

; The program is 64-bit and its Qt needs Windows 10 1809 or later. "x64compatible" (which also
; admits Windows 11 on Arm) only exists from Inno Setup 6.3; older compilers know "x64".
#if Ver >= EncodeVer(6,3,0)
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
#else
ArchitecturesAllowed=x64
ArchitecturesInstallIn64BitMode=x64
#endif
MinVersion=10.0.17763

; An upgrade or uninstall while the window is open first asks the user to close it; files still
; in use otherwise (say, a running cadre-desk.exe) are found by Windows' Restart Manager. The
; finished page offers to start the program, so Setup does not restart it on its own as well.
AppMutex={#AppMutexName}
CloseApplications=yes
RestartApplications=no

; Chinese on a Chinese Windows (and wherever no language matches), English on an English one.
ShowLanguageDialog=auto
LanguageDetectionMethod=uilanguage

WizardStyle=modern
SetupIconFile=..\resources\icons\cadre_desk.ico
OutputDir=..\build\installer
OutputBaseFilename=cadre_desk-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes

[Languages]
; The first entry is the default language. The Chinese messages are an unofficial translation,
; kept beside this script.
Name: "chinesesimp"; MessagesFile: "ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
chinesesimp.DeleteDataQuestion=是否同时删除本机保存的所有台账数据？%n%n数据文件夹：%1%n其中有人员名册、签到记录、照片和备份。删除后无法恢复。%n%n如果以后还要使用，或要把数据搬到新电脑，请选择“否”：数据会原样留在这台电脑上，重新安装本程序后即可继续使用，也可以在程序中把数据备份到U盘。
chinesesimp.DeleteDataConfirm=确定要永久删除全部台账数据吗？%n%n%1%n%n此操作无法撤销。
chinesesimp.DeleteDataFailed=有些文件未能删除（可能正被其他程序打开）。可以稍后手动删除这个文件夹：%n%n%1
english.DeleteDataQuestion=Also delete all ledger data stored on this computer?%n%nData folder: %1%nIt holds the member roster, sign-in records, photos and backups. Deleted data cannot be recovered.%n%nIf you will use the program again, or want to move the data to a new computer, choose "No": the data stays on this computer as it is, and after reinstalling the program you can carry on, or back the data up to a USB drive from the program.
english.DeleteDataConfirm=Really delete all ledger data for good?%n%n%1%n%nThis cannot be undone.
english.DeleteDataFailed=Some files could not be deleted (another program may have them open). You can delete this folder by hand later:%n%n%1

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; The libraries of the old version go before the new ones are copied, so that none of them
; lingers after an upgrade. The data folder is never inside {app}.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#AddBackslash(DistDir)}*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; WorkingDir: "{app}"; Flags: postinstall nowait skipifsilent

[UninstallDelete]
; whatever the program may have written beside its libraries (never the data: see [Code])
Type: filesandordirs; Name: "{app}\_internal"

[Code]
// A [CustomMessages] text for the data folder: its line breaks made real (CustomMessage returns
// them as the two characters %n) and %1 filled in with the folder.
function DataFolderMessage(const MsgName, DataDir: String): String;
var
  MessageText: String;
begin
  MessageText := CustomMessage(MsgName);
  StringChangeEx(MessageText, '%n', #13#10, True);
  Result := FmtMessage(MessageText, [DataDir]);
end;

// The books are the station's records of years of work: the uninstaller deletes them only
// when someone at the screen says so twice, pressing Enter keeps them (the default button is
// "No"), and a silent uninstall (a script, an administrator's tool) never deletes them.
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if (CurUninstallStep <> usPostUninstall) or UninstallSilent then
    Exit;
  DataDir := ExpandConstant('{localappdata}\{#DataDirName}');
  if not DirExists(DataDir) then
    Exit;
  if MsgBox(DataFolderMessage('DeleteDataQuestion', DataDir), mbConfirmation, MB_YESNO or MB_DEFBUTTON2) <> IDYES then
    Exit;
  if MsgBox(DataFolderMessage('DeleteDataConfirm', DataDir), mbConfirmation, MB_YESNO or MB_DEFBUTTON2) <> IDYES then
    Exit;
  Log('Deleting the data folder at the user''s request: ' + DataDir);
  if not DelTree(DataDir, True, True, True) then
    MsgBox(DataFolderMessage('DeleteDataFailed', DataDir), mbError, MB_OK);
end;
