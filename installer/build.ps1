<#
Builds the Windows installer of cadre_desk, from a fresh clone:

  1. a new virtual environment build\venv with the program and the pinned build tools
     (installer\requirements-build.txt: PyInstaller);
  2. the program, one folder: build\dist\cadre_desk (CadreDesk.exe, cadre-desk.exe, _internal);
  3. the smoke test of that folder (installer\smoke_test.py);
  4. the installer: build\installer\cadre_desk-setup-<version>.exe (Inno Setup 6).

Any failing step stops the build. Run it from the repository root, in Windows PowerShell 5.1
or PowerShell 7:

  powershell -ExecutionPolicy Bypass -File installer\build.ps1
  powershell -ExecutionPolicy Bypass -File installer\build.ps1 -ReuseVenv

Needs 64-bit Python 3.11 or later (found with the py launcher, else python on PATH; or give
-Python C:\path\to\python.exe), Inno Setup 6.2 or later, and the network to PyPI.

This file is plain ASCII on purpose: Windows PowerShell 5.1 reads a script without BOM in the
ANSI code page.
#>
[CmdletBinding()]
param(
    # the Python to build with (default: "py -3.11", else python on PATH)
    [string]$Python = '',
    # keep an existing build\venv instead of making a new one (quicker when trying things out)
    [switch]$ReuseVenv
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 2.0

function Invoke-Step {
    # Runs one program of the build and stops the build when it fails. Only the exit code
    # counts: pip and PyInstaller write their progress to stderr, which is not an error.
    param([string]$Title, [string]$Exe, [string[]]$Arguments)
    Write-Host ''
    Write-Host "==> $Title" -ForegroundColor Cyan
    $saved = $ErrorActionPreference
    $ErrorActionPreference = 'Continue'
    # cleared first, so that a program that could not even start is not taken for a success
    $global:LASTEXITCODE = $null
    try {
        & $Exe @Arguments | Out-Host
        $code = $LASTEXITCODE
    } finally {
        $ErrorActionPreference = $saved
    }
    if ($null -eq $code) {
        throw "$Title failed: could not run $Exe."
    }
    if ($code -ne 0) {
        throw "$Title failed (exit code $code)."
    }
}

function Invoke-Capture {
    # Runs a program and returns what it printed, trimmed; $null when it fails.
    param([string]$Exe, [string[]]$Arguments, [switch]$HideErrors)
    $saved = $ErrorActionPreference
    $ErrorActionPreference = 'Continue'
    $global:LASTEXITCODE = $null
    try {
        if ($HideErrors) {
            $out = & $Exe @Arguments 2>$null
        } else {
            $out = & $Exe @Arguments
        }
        $code = $LASTEXITCODE
    } catch {
        $code = -1
    } finally {
        $ErrorActionPreference = $saved
    }
    if ($null -eq $code -or $code -ne 0) {
        return $null
    }
    return ($out | Out-String).Trim()
}

function Find-BasePython {
    if ($Python) {
        if (-not (Test-Path -LiteralPath $Python -PathType Leaf)) {
            throw "No Python at $Python."
        }
        return $Python
    }
    # the py launcher knows every installed Python; ask it for 3.11 first
    $launcher = Get-Command 'py.exe' -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($launcher) {
        $exe = Invoke-Capture $launcher.Path @('-3.11', '-c', 'import sys; print(sys.executable)') -HideErrors
        if ($exe) {
            return $exe
        }
    }
    $onPath = Get-Command 'python.exe' -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($onPath) {
        return $onPath.Path
    }
    throw 'Python was not found. Install 64-bit Python 3.11 from python.org (with the py launcher), or pass -Python C:\path\to\python.exe.'
}

function Assert-PythonUsable {
    param([string]$Exe)
    $info = Invoke-Capture $Exe @('-c', "import struct, sys; print(sys.version_info[0], sys.version_info[1], struct.calcsize('P') * 8)")
    if (-not $info) {
        throw "$Exe does not run."
    }
    $parts = $info -split '\s+'
    $major = [int]$parts[0]
    $minor = [int]$parts[1]
    $bits = [int]$parts[2]
    if ($bits -ne 64) {
        throw "$Exe is a $bits-bit Python; the program is built with 64-bit Python."
    }
    if ($major -ne 3 -or $minor -lt 11) {
        throw "$Exe is Python $major.$minor; the program needs Python 3.11 or later."
    }
    Write-Host "Python: $Exe ($major.$minor, 64-bit)"
}

function Find-Iscc {
    $onPath = Get-Command 'ISCC.exe' -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($onPath) {
        return $onPath.Path
    }
    $candidates = @()
    foreach ($base in @(${env:ProgramFiles(x86)}, $env:ProgramFiles)) {
        if ($base) {
            $candidates += Join-Path $base 'Inno Setup 6\ISCC.exe'
        }
    }
    if ($env:LOCALAPPDATA) {
        # where the Inno Setup installer puts a per-user install
        $candidates += Join-Path $env:LOCALAPPDATA 'Programs\Inno Setup 6\ISCC.exe'
    }
    foreach ($candidate in $candidates) {
        if (Test-Path -LiteralPath $candidate -PathType Leaf) {
            return $candidate
        }
    }
    return $null
}

function Get-FolderSize {
    param([string]$Path)
    $files = @(Get-ChildItem -LiteralPath $Path -Recurse -File -Force)
    $sum = ($files | Measure-Object -Property Length -Sum).Sum
    if (-not $sum) {
        $sum = 0
    }
    return New-Object PSObject -Property @{ Bytes = [double]$sum; Files = $files.Count }
}

$root = Split-Path -Parent $PSScriptRoot
$build = Join-Path $root 'build'
$venv = Join-Path $build 'venv'
$venvPython = Join-Path $venv 'Scripts\python.exe'
$distRoot = Join-Path $build 'dist'
$app = Join-Path $distRoot 'cadre_desk'
$installerDir = Join-Path $build 'installer'
$script = Join-Path $root 'installer\cadre_desk.iss'

$clock = [Diagnostics.Stopwatch]::StartNew()
$savedEncoding = $null
$savedPythonIoEncoding = $env:PYTHONIOENCODING
$savedPythonPath = $env:PYTHONPATH
Push-Location $root
try {
    # Python's output through a pipe in UTF-8, shown as such: the smoke test prints Chinese,
    # which an English Windows' code page cannot even encode.
    $env:PYTHONIOENCODING = 'utf-8'
    try {
        $savedEncoding = [Console]::OutputEncoding
        [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false
    } catch {
        $savedEncoding = $null  # no console (an IDE's host): leave it
    }
    # nothing from the build machine's own Python setup may leak into the build
    Remove-Item Env:PYTHONPATH -ErrorAction SilentlyContinue

    # Inno Setup first: better to learn it is missing now than after ten minutes of building
    $iscc = Find-Iscc
    if (-not $iscc) {
        throw ('Inno Setup 6 was not found (ISCC.exe). Install Inno Setup 6.2 or later from ' +
            'https://jrsoftware.org/isdl.php, or put the folder that holds ISCC.exe on PATH.')
    }
    Write-Host "Inno Setup: $iscc"

    $basePython = Find-BasePython
    Assert-PythonUsable $basePython

    if ($ReuseVenv -and (Test-Path -LiteralPath $venvPython -PathType Leaf)) {
        Write-Host "Reusing $venv"
    } else {
        if (Test-Path -LiteralPath $venv) {
            Write-Host "Removing the old $venv"
            Remove-Item -LiteralPath $venv -Recurse -Force
        }
        Invoke-Step 'Creating the virtual environment build\venv' $basePython @('-m', 'venv', $venv)
    }

    # setuptools builds the wheel in build\lib and build\bdist.*: a module deleted from the
    # source would otherwise still be packaged from there
    foreach ($stale in @((Join-Path $build 'lib'), (Join-Path $build 'bdist.win-amd64'))) {
        if (Test-Path -LiteralPath $stale) {
            Remove-Item -LiteralPath $stale -Recurse -Force
        }
    }
    # the locked versions the tests passed with (requirements\app.txt), then the program without
    # letting pip choose other versions, then the pinned build tools
    Invoke-Step 'Installing the locked dependencies into build\venv' $venvPython @(
        '-m', 'pip', 'install', '--disable-pip-version-check', '-r', 'requirements\app.txt')
    Invoke-Step 'Installing the program into build\venv' $venvPython @(
        '-m', 'pip', 'install', '--disable-pip-version-check', '--no-deps', '.')
    Invoke-Step 'Installing the build tools into build\venv' $venvPython @(
        '-m', 'pip', 'install', '--disable-pip-version-check', '-r', 'installer\requirements-build.txt')

    # Read in build\, where the source tree cannot shadow the installed program: the version
    # the installer gets is that of the code that goes into it.
    Push-Location $build
    try {
        $version = Invoke-Capture $venvPython @('-c', 'import cadre_desk; print(cadre_desk.__version__)')
    } finally {
        Pop-Location
    }
    if (-not $version) {
        throw 'Could not read the version of the installed program (import cadre_desk failed).'
    }
    # Windows' file version of the installer takes numbers only (1.2.0 of 1.2.0rc1)
    $numericVersion = [regex]::Match($version, '^\d+(\.\d+){0,3}').Value
    if (-not $numericVersion) {
        throw "The version '$version' does not start with a number."
    }
    Write-Host "Version: $version"

    if (Test-Path -LiteralPath $app) {
        Remove-Item -LiteralPath $app -Recurse -Force
    }
    # Run in build\ as well: the spec refuses a program imported from the source tree.
    Push-Location $build
    try {
        Invoke-Step 'Building the program (PyInstaller)' $venvPython @(
            '-m', 'PyInstaller', (Join-Path $root 'installer\cadre_desk.spec'), '--noconfirm', '--clean',
            '--log-level', 'WARN', '--distpath', $distRoot, '--workpath', (Join-Path $build 'work'))
    } finally {
        Pop-Location
    }
    if (-not (Test-Path -LiteralPath (Join-Path $app 'CadreDesk.exe') -PathType Leaf)) {
        throw "PyInstaller did not make $app\CadreDesk.exe."
    }

    Invoke-Step 'Smoke test of the built program' $venvPython @(
        (Join-Path $root 'installer\smoke_test.py'), $app)
    Invoke-Step 'What the program folder weighs' $venvPython @(
        (Join-Path $root 'installer\bundle_size.py'), $app)

    Invoke-Step 'Building the installer (Inno Setup)' $iscc @(
        "/DAppVersion=$version", "/DAppVersionNumeric=$numericVersion", "/DDistDir=$app",
        "/O$installerDir", $script)

    # the name set by OutputBaseFilename in cadre_desk.iss
    $setup = Join-Path $installerDir "cadre_desk-setup-$version.exe"
    if (-not (Test-Path -LiteralPath $setup -PathType Leaf)) {
        throw "Inno Setup did not make $setup."
    }
    $setupBytes = (Get-Item -LiteralPath $setup).Length
    $folder = Get-FolderSize $app

    Write-Host ''
    Write-Host 'Build finished.' -ForegroundColor Green
    Write-Host ('  installer:      {0}  ({1:N1} MB)' -f $setup, ($setupBytes / 1048576))
    Write-Host ('  program folder: {0}  ({1:N1} MB in {2} files; installed size)' -f $app, ($folder.Bytes / 1048576), $folder.Files)
    Write-Host ('  time:           {0:N0} min {1:N0} s' -f [math]::Floor($clock.Elapsed.TotalMinutes), $clock.Elapsed.Seconds)
} catch {
    Write-Host ''
    Write-Host "BUILD FAILED: $($_.Exception.Message)" -ForegroundColor Red
    exit 1
} finally {
    Pop-Location
    $env:PYTHONIOENCODING = $savedPythonIoEncoding
    if ($null -ne $savedPythonPath) {
        $env:PYTHONPATH = $savedPythonPath
    }
    if ($null -ne $savedEncoding) {
        try {
            [Console]::OutputEncoding = $savedEncoding
        } catch {
            # nothing to restore
        }
    }
}
