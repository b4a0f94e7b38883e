; Windows installer of Cookie Inspector (Inno Setup 6), built by .github/workflows/release.yml:
;
;   ISCC.exe /DAppVersion=0.1.0 /DSourceDir=C:\...\dist\cookie-inspector /Oout cookie-inspector.iss
;
; A per-user install by default (no administrator rights; the user may choose all users): the
; bundle goes to %LOCALAPPDATA%\Programs\Cookie Inspector, with a Start-menu entry and an
; entry in Settings > Apps that uninstalls it. Uninstalling leaves the user's settings and
; deletion backups (%LOCALAPPDATA%\cookie-inspector) alone, as the README says.

#ifndef AppVersion
  #error Pass /DAppVersion=X.Y.Z (the version in inspector/__init__.py)
#endif
#ifndef SourceDir
  #error Pass /DSourceDir=the PyInstaller bundle folder (dist\cookie-inspector)
#endif

[Setup]
; The AppId identifies the program across versions: never change it.
AppId={{6C1E8B52-3F0A-4D7E-9B1C-2A5D4E6F7081}
AppName=Cookie Inspector
AppVersion={#AppVersion}
AppPublisher=Cookie Inspector developers
DefaultDirName={autopf}\Cookie Inspector
DefaultGroupName=Cookie Inspector
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputBaseFilename=cookie-inspector-{#AppVersion}-windows-x64-setup
SetupIconFile=..\icons\cookie-inspector.ico
UninstallDisplayIcon={app}\cookie-inspector.exe
LicenseFile=..\..\LICENSE
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Cookie Inspector"; Filename: "{app}\cookie-inspector.exe"
Name: "{autodesktop}\Cookie Inspector"; Filename: "{app}\cookie-inspector.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Run]
Filename: "{app}\cookie-inspector.exe"; Description: "{cm:LaunchProgram,Cookie Inspector}"; Flags: nowait postinstall skipifsilent
