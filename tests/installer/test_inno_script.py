"""The Windows installer script, read as text: what a station's staff get when they install,
upgrade or uninstall (no Windows or Inno Setup needed; the script is compiled by build.ps1)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from cadre_desk.core import paths

INSTALLER = Path(__file__).resolve().parents[2] / "installer"
ISS = INSTALLER / "cadre_desk.iss"
ISL = INSTALLER / "ChineseSimplified.isl"
BUILD_PS1 = INSTALLER / "build.ps1"
SPEC = INSTALLER / "cadre_desk.spec"
BOM = b"\xef\xbb\xbf"

#: the custom messages every Default.isl of Inno Setup 6 defines in English
STANDARD_CUSTOM_MESSAGES = {
    "NameAndVersion",
    "AdditionalIcons",
    "CreateDesktopIcon",
    "CreateQuickLaunchIcon",
    "ProgramOnTheWeb",
    "UninstallProgram",
    "LaunchProgram",
    "AssocFileExtension",
    "AssocingFileExtension",
    "AutoStartProgramGroupDescription",
    "AutoStartProgram",
    "AddonHostProgramNotFound",
}

#: messages a user sees in every install or uninstall: they must be in Chinese
SEEN_MESSAGES = [
    "SetupAppTitle",
    "SetupWindowTitle",
    "WelcomeLabel1",
    "WelcomeLabel2",
    "SelectDirLabel3",
    "ReadyLabel1",
    "FinishedHeadingLabel",
    "ConfirmUninstall",
    "UninstalledAll",
    "SetupAppRunningError",
    "UninstallAppRunningError",
    "ButtonNext",
    "ButtonCancel",
    "ButtonInstall",
    "ButtonFinish",
]

SECTION = re.compile(r"^\[(\w+)\]\s*$")
PARAM = re.compile(r'(\w+):\s*("(?:[^"]|"")*"|[^;]*)')


@dataclass
class Script:
    """The .iss as Inno Setup sees it after the simple ``#define``s are filled in."""

    defines: dict[str, str]
    directives: list[str]  # the preprocessor lines (#define, #if, #error, …), in order
    sections: dict[str, list[str]] = field(default_factory=dict)  # without comments, but [Code] as is

    def setup(self) -> dict[str, str]:
        result: dict[str, str] = {}
        for line in self.sections["Setup"]:
            key, _, value = line.partition("=")
            result.setdefault(key.strip(), value.strip())
        return result

    def entries(self, section: str) -> list[dict[str, str]]:
        return [
            {name: value.strip().strip('"') for name, value in PARAM.findall(line)}
            for line in self.sections.get(section, [])
        ]

    def messages(self, section: str) -> dict[str, str]:
        result: dict[str, str] = {}
        for line in self.sections.get(section, []):
            key, _, value = line.partition("=")
            result[key.strip()] = value
        return result


def read_script() -> Script:
    text = ISS.read_bytes().removeprefix(BOM).decode("utf-8")
    defines = dict(re.findall(r'^#define\s+(\w+)\s+"([^"]*)"\s*$', text, flags=re.MULTILINE))

    def expand(line: str) -> str:
        return re.sub(r"\{#(\w+)\}", lambda m: defines.get(m.group(1), m.group(0)), line)

    script = Script(defines=defines, directives=[])
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#"):
            script.directives.append(line)
            continue
        match = SECTION.match(line)
        if match:
            current = match.group(1)
            script.sections.setdefault(current, [])
            continue
        if current == "Code":
            script.sections[current].append(expand(raw))
        elif current and line and not line.startswith(";"):
            script.sections[current].append(expand(line))
    return script


def read_isl() -> dict[str, dict[str, str]]:
    text = ISL.read_bytes().removeprefix(BOM).decode("utf-8")
    sections: dict[str, dict[str, str]] = {}
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        match = SECTION.match(line)
        if match:
            current = match.group(1)
            sections.setdefault(current, {})
            continue
        assert current, f"text outside a section: {line!r}"
        assert "=" in line, f"not a key=value line in [{current}]: {line!r}"
        key, _, value = line.partition("=")
        assert key not in sections[current], f"{key} twice in [{current}]"
        sections[current][key] = value
    return sections


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\d", text))


@pytest.fixture(scope="module")
def script() -> Script:
    return read_script()


@pytest.fixture(scope="module")
def code(script: Script) -> str:
    """The [Code] section without its comments."""
    return re.sub(r"//[^\n]*", "", "\n".join(script.sections["Code"]))


# -- reading the files at all --------------------------------------------------------------------


@pytest.mark.parametrize("path", [ISS, ISL], ids=["iss", "isl"])
def test_chinese_text_files_are_utf8_with_bom(path: Path) -> None:
    # without the BOM, Inno Setup reads the file in the ANSI code page: garbled Chinese
    data = path.read_bytes()
    assert data.startswith(BOM)
    data.decode("utf-8")


def test_build_script_is_plain_ascii() -> None:
    # Windows PowerShell 5.1 reads a script without BOM in the ANSI code page
    assert all(byte < 128 for byte in BUILD_PS1.read_bytes())


def test_preprocessor_conditions_are_closed(script: Script) -> None:
    opened = sum(1 for line in script.directives if re.match(r"#\s*if(n?def)?\b", line))
    closed = sum(1 for line in script.directives if re.match(r"#\s*endif\b", line))
    assert opened == closed > 0


# -- installing ----------------------------------------------------------------------------------


def test_installs_for_the_user_without_administrator_rights(script: Script) -> None:
    setup = script.setup()
    assert setup["PrivilegesRequired"] == "lowest"
    assert "PrivilegesRequiredOverridesAllowed" not in setup  # no "for all users?" question
    # {autopf} is %LOCALAPPDATA%\Programs for a per-user install: never the data folder
    assert setup["DefaultDirName"] == r"{autopf}\cadre_desk"
    assert setup["DisableProgramGroupPage"] == "yes"
    assert setup["DefaultGroupName"] == "老干部驿站台账"


def test_app_id_is_a_fixed_guid_so_upgrades_install_over_the_old_version(script: Script) -> None:
    setup = script.setup()
    # "{{" is how Inno Setup writes a literal "{"
    assert re.fullmatch(r"\{\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}", setup["AppId"])
    assert setup["UsePreviousAppDir"] == "yes"


def test_version_comes_from_the_build_and_is_never_guessed(script: Script) -> None:
    setup = script.setup()
    assert setup["AppVersion"] == "{#AppVersion}"
    assert setup["OutputBaseFilename"] == "cadre_desk-setup-{#AppVersion}"
    assert setup["VersionInfoVersion"] == "{#AppVersionNumeric}"
    assert "AppVersion" not in script.defines  # no version written into the script
    directives = script.directives
    at = directives.index("#ifndef AppVersion")
    assert directives[at + 1].startswith("#error ")
    assert "#define AppVersionNumeric AppVersion" in directives


def test_the_program_must_be_built_before_the_installer(script: Script) -> None:
    assert "#if !FileExists(AddBackslash(DistDir) + AppExeName)" in script.directives
    at = script.directives.index("#if !FileExists(AddBackslash(DistDir) + AppExeName)")
    assert script.directives[at + 1].startswith("#error ")
    assert '#define DistDir AddBackslash(SourcePath) + "..\\build\\dist\\cadre_desk"' in script.directives


def test_installs_the_whole_program_folder(script: Script) -> None:
    (files,) = script.entries("Files")
    assert files["Source"] == "{#AddBackslash(DistDir)}*"
    assert files["DestDir"] == "{app}"
    assert set(files["Flags"].split()) == {"ignoreversion", "recursesubdirs", "createallsubdirs"}
    assert "Excludes" not in files


def test_upgrade_removes_the_old_libraries_but_nothing_else(script: Script) -> None:
    assert script.entries("InstallDelete") == [{"Type": "filesandordirs", "Name": r"{app}\_internal"}]


def test_only_64_bit_windows_10_1809_or_later(script: Script) -> None:
    text = ISS.read_bytes().removeprefix(BOM).decode("utf-8")
    block = re.search(r"^#if Ver >= EncodeVer\(6,3,0\)\n(.*?)^#else\n(.*?)^#endif\n", text, flags=re.M | re.S)
    assert block, "the ArchitecturesAllowed choice by compiler version is missing"
    newer, older = block.groups()
    assert newer.split() == ["ArchitecturesAllowed=x64compatible", "ArchitecturesInstallIn64BitMode=x64compatible"]
    assert older.split() == ["ArchitecturesAllowed=x64", "ArchitecturesInstallIn64BitMode=x64"]
    assert script.setup()["MinVersion"] == "10.0.17763"


def test_asks_to_close_the_running_program(script: Script) -> None:
    setup = script.setup()
    assert setup["AppMutex"] == paths.APP_MUTEX
    assert setup["CloseApplications"] == "yes"


def test_chinese_is_the_default_language(script: Script) -> None:
    languages = script.entries("Languages")
    assert languages[0] == {"Name": "chinesesimp", "MessagesFile": ISL.name}
    assert languages[1:] == [{"Name": "english", "MessagesFile": "compiler:Default.isl"}]
    setup = script.setup()
    assert setup["ShowLanguageDialog"] == "auto"
    assert setup["LanguageDetectionMethod"] == "uilanguage"


def test_the_files_the_script_names_exist(script: Script) -> None:
    setup = script.setup()
    assert (INSTALLER / setup["SetupIconFile"].replace("\\", "/")).is_file()
    assert (INSTALLER / ISL.name).is_file()
    spec = SPEC.read_text(encoding="utf-8")
    # the programs the shortcuts name are the ones PyInstaller makes, in the folder DistDir names
    assert '"CadreDesk"' in spec and 'name="cadre_desk"' in spec
    assert script.defines["AppExeName"] == "CadreDesk.exe"


# -- shortcuts -----------------------------------------------------------------------------------


def test_shortcuts_start_the_window_program(script: Script) -> None:
    icons = {entry["Name"]: entry for entry in script.entries("Icons")}
    start_menu = icons[r"{group}\老干部驿站台账"]
    desktop = icons[r"{autodesktop}\老干部驿站台账"]
    for shortcut in (start_menu, desktop):
        assert shortcut["Filename"] == r"{app}\CadreDesk.exe"  # the window, not the console program
        assert shortcut["WorkingDir"] == "{app}"
    assert desktop["Tasks"] == "desktopicon"
    assert icons[r"{group}\{cm:UninstallProgram,老干部驿站台账}"]["Filename"] == "{uninstallexe}"
    assert script.setup()["UninstallDisplayIcon"] == r"{app}\CadreDesk.exe"


def test_desktop_shortcut_is_offered_and_ticked(script: Script) -> None:
    (task,) = script.entries("Tasks")
    assert task["Name"] == "desktopicon"
    assert "unchecked" not in task.get("Flags", "")


def test_offers_to_start_the_program_after_installing(script: Script) -> None:
    (run,) = script.entries("Run")
    assert run["Filename"] == r"{app}\CadreDesk.exe"
    assert set(run["Flags"].split()) == {"postinstall", "nowait", "skipifsilent"}


# -- uninstalling: the books stay unless the user says otherwise --------------------------------


def test_installer_sections_never_touch_the_data_folder(script: Script) -> None:
    for section in ("Files", "Dirs", "InstallDelete", "UninstallDelete", "Icons", "Run", "UninstallRun"):
        for line in script.sections.get(section, []):
            assert "{localappdata}" not in line, line
            assert "{userappdata}" not in line, line
    assert script.entries("UninstallDelete") == [{"Type": "filesandordirs", "Name": r"{app}\_internal"}]


def test_uninstall_deletes_the_data_only_after_two_questions_answered_yes(script: Script, code: str) -> None:
    assert script.defines["DataDirName"] == paths.APP_NAME  # %LOCALAPPDATA%\cadre_desk
    body = re.search(
        r"procedure CurUninstallStepChanged\(CurUninstallStep: TUninstallStep\);(.*?)^end;", code, flags=re.S | re.M
    )
    assert body, "CurUninstallStepChanged is missing"
    body_text = body.group(1)
    silent_guard = "if (CurUninstallStep <> usPostUninstall) or UninstallSilent then\n    Exit;"
    data_folder = f"DataDir := ExpandConstant('{{localappdata}}\\{paths.APP_NAME}');"
    assert silent_guard in body_text, "a silent uninstall must never reach the question"
    assert data_folder in body_text
    guard, folder = body_text.index(silent_guard), body_text.index(data_folder)
    questions = [
        m.start()
        for m in re.finditer(
            r"if MsgBox\([^\n]*, mbConfirmation, MB_YESNO or MB_DEFBUTTON2\) <> IDYES then\n\s*Exit;", body_text
        )
    ]
    delete = body_text.index("DelTree(DataDir, True, True, True)")
    assert len(questions) == 2
    assert guard < folder < questions[0] < questions[1] < delete
    # the only deletion in the whole script
    assert code.count("DelTree(") == 1 and "DeleteFile(" not in code and "RemoveDir(" not in code


def test_every_yes_no_question_defaults_to_no(code: str) -> None:
    questions = re.findall(r"MsgBox\([^\n]*MB_YESNO[^\n]*\)", code)
    assert questions
    assert all("MB_DEFBUTTON2" in question for question in questions)


def test_code_is_balanced(code: str) -> None:
    # a missing "end" or parenthesis only shows when ISCC runs on Windows: catch it here
    without_strings = re.sub(r"'(?:[^'\n]|'')*'", "''", code)
    assert "'" not in without_strings.replace("''", ""), "an unclosed string literal"
    words = re.findall(r"\b(begin|end|try|case)\b", without_strings, flags=re.I)
    opened = sum(1 for word in words if word.lower() != "end")
    assert opened == words.count("end") + words.count("End") + words.count("END")
    assert without_strings.count("(") == without_strings.count(")")
    assert "{" not in without_strings  # a stray Pascal comment brace


# -- texts ---------------------------------------------------------------------------------------


def test_every_custom_message_used_exists_in_both_languages(script: Script, code: str) -> None:
    # by name, directly or through the helper that fills in the data folder
    used = set(re.findall(r"(?:CustomMessage|DataFolderMessage)\('(\w+)'", code))
    for section, lines in script.sections.items():
        if section != "Code":
            used |= set(re.findall(r"\{cm:(\w+)", "\n".join(lines)))
    assert {"DeleteDataQuestion", "DeleteDataConfirm", "DeleteDataFailed", "CreateDesktopIcon"} <= used
    ours = script.messages("CustomMessages")
    chinese_standard = read_isl()["CustomMessages"]
    for name in used:
        if name in STANDARD_CUSTOM_MESSAGES:
            assert chinese_standard.get(name), name
            continue
        chinese, english = ours.get(f"chinesesimp.{name}"), ours.get(f"english.{name}")
        assert chinese and english, f"{name} is not defined for both languages"
        assert placeholders(chinese) == placeholders(english), name


def test_data_question_names_what_would_be_lost(script: Script) -> None:
    question = script.messages("CustomMessages")["chinesesimp.DeleteDataQuestion"]
    assert "%1" in question  # the folder
    for words in ("无法恢复", "“否”", "照片", "备份"):
        assert words in question


def test_chinese_messages_file() -> None:
    isl = read_isl()
    options = isl["LangOptions"]
    assert options["LanguageName"] == "简体中文"
    assert options["LanguageID"] == "$0804"
    assert options["LanguageCodePage"] in {"0", "936"}
    messages = isl["Messages"]
    for key in SEEN_MESSAGES:
        assert re.search(r"[\u4e00-\u9fff]", messages[key]), key
    assert placeholders(messages["SetupWindowTitle"]) == {"%1"}
    assert placeholders(messages["ConfirmUninstall"]) == {"%1"}
    assert "[name]" in messages["FinishedHeadingLabel"]
    # Inno Setup 6.2's names for messages later versions renamed (its compiler needs them)
    assert {"DownloadingLabel", "ErrorFileHash1", "ErrorFileHash2"} <= messages.keys()
    assert len(messages) >= 261  # every message of Inno Setup 6.2's Default.isl


# -- the build script ----------------------------------------------------------------------------


def test_build_script_passes_what_the_installer_script_needs(script: Script) -> None:
    build = BUILD_PS1.read_text(encoding="ascii")
    assert "$ErrorActionPreference = 'Stop'" in build
    assert '"/DAppVersion=$version"' in build
    assert '"/DAppVersionNumeric=$numericVersion"' in build
    assert '"/DDistDir=$app"' in build
    assert '"/O$installerDir"' in build
    # the installer it looks for is the one OutputBaseFilename names
    stem = script.setup()["OutputBaseFilename"].replace("{#AppVersion}", "$version")
    assert f'"{stem}.exe"' in build
    for used in (r"installer\requirements-build.txt", r"installer\cadre_desk.spec", r"installer\smoke_test.py"):
        assert used in build


def test_build_script_checks_every_program_it_runs() -> None:
    build = BUILD_PS1.read_text(encoding="ascii")
    # programs run only through Invoke-Step (stops on a failure) and Invoke-Capture (checked)
    calls = [line.strip() for line in build.splitlines() if re.match(r"\s*(\$\w+\s*=\s*)?& ", line)]
    assert calls == [
        "& $Exe @Arguments | Out-Host",
        "$out = & $Exe @Arguments 2>$null",
        "$out = & $Exe @Arguments",
    ]
    assert build.count("$code = $LASTEXITCODE") == 2
