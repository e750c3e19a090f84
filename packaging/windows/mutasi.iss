; Inno Setup 6 script: the Windows installer of Mutasi Desktop (wizard in Bahasa Indonesia).
;
; Build the bundle first (python packaging\build_bundle.py, or pyinstaller packaging\mutasi.spec),
; then:   iscc packaging\windows\mutasi.iss
; Output: dist\MutasiDesktop-<version>-setup.exe
;
; The names and paths below must agree with packaging/mutasi.spec and packaging/bundle_info.py
; (bundle folder dist\MutasiDesktop, executables MutasiDesktop.exe and mutasi.exe, version from
; pyproject.toml); tests/unit/test_packaging_spec.py checks that they do.
;
; User data (database, backups, attachments, settings) lives in the per-user data folder
; %LOCALAPPDATA%\MutasiDesktop (platformdirs), never in the installation folder. Installing,
; upgrading and uninstalling touch only the installation folder, so the data is kept.

#define AppName "Mutasi Desktop"
#define AppId "MutasiDesktop"
#define AppPublisher "Tim Mutasi Desktop"
#define GuiExe "MutasiDesktop.exe"
#define CliExe "mutasi.exe"
#define DataFolder "{localappdata}\MutasiDesktop"

; The version is read from pyproject.toml ([project] version = "x.y.z"; the INI reader drops the
; quotes); build_bundle.py also passes it explicitly with /DAppVersion=...
#ifndef AppVersion
  #define AppVersion ReadIni(AddBackslash(SourcePath) + "..\..\pyproject.toml", "project", "version", "")
#endif
#if AppVersion == ""
  #error Versi tidak terbaca dari pyproject.toml; jalankan iscc dengan /DAppVersion=x.y.z
#endif

#ifndef DistDir
  #define DistDir AddBackslash(SourcePath) + "..\..\dist"
#endif
#define BundleDir AddBackslash(DistDir) + AppId

#if !FileExists(AddBackslash(BundleDir) + GuiExe)
  #error Bundel belum dibuat: jalankan dulu "python packaging\build_bundle.py" (dist\MutasiDesktop\MutasiDesktop.exe tidak ada)
#endif

[Setup]
; AppId identifies the product across versions: never change it, or upgrades stop replacing the
; old installation in place.
AppId={{90518777-4F8E-4BDF-A4E0-F972A9380327}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription=Pemasang {#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user install by default (no administrator needed); the user may choose "all users".
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
; Upgrade in place: same folder, same choices; close a running copy first.
UsePreviousAppDir=yes
UsePreviousTasks=yes
CloseApplications=yes
RestartApplications=no
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#DistDir}
OutputBaseFilename={#AppId}-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\mutasi.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no

[Languages]
; Indonesian.isl is an unofficial Inno Setup translation (jrsoftware.org/files/istrans/). Put it
; in the compiler's Languages folder or beside this script (see packaging/README.md).
#if FileExists(AddBackslash(CompilerPath) + "Languages\Indonesian.isl")
Name: "id"; MessagesFile: "compiler:Languages\Indonesian.isl"
#elif FileExists(AddBackslash(SourcePath) + "Indonesian.isl")
Name: "id"; MessagesFile: "Indonesian.isl"
#else
  #error Terjemahan Indonesian.isl tidak ditemukan: salin ke folder Languages Inno Setup atau ke packaging\windows\
#endif

[CustomMessages]
id.IkonDesktop=Buat pintasan di &Desktop
id.IkonTambahan=Pintasan tambahan:
id.UjiMandiri=Uji Mandiri {#AppName}
id.UjiMandiriKet=Menguji instalasi dengan data sintetis di folder sementara
id.Buka=Buka {#AppName}
id.DataTetap=Aplikasi {#AppName} telah dihapus.%n%nData Anda (basis data, cadangan, dan lampiran) TIDAK dihapus dan tetap tersimpan di:%n%1%n%nData itu akan terpakai lagi bila aplikasi dipasang kembali. Hapus folder tersebut secara manual hanya bila data memang tidak diperlukan lagi (simpan cadangannya lebih dulu).
id.CatatanPembaruan=Data Anda di %1 tetap dipakai. Bila basis data berasal dari versi lama, aplikasi membuat cadangan lalu memperbaruinya otomatis saat pertama kali dibuka.

[Tasks]
Name: "desktopicon"; Description: "{cm:IkonDesktop}"; GroupDescription: "{cm:IkonTambahan}"

[InstallDelete]
; An upgrade replaces the whole bundle: libraries of the previous version must not linger.
; The user's data is not in {app}, so nothing of it is touched.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"; Comment: "Pengelolaan mutasi ASN"
Name: "{autoprograms}\{cm:UjiMandiri}"; Filename: "{cmd}"; Parameters: "/k """"{app}\{#CliExe}"" self-test"""; WorkingDir: "{app}"; IconFilename: "{app}\{#GuiExe}"; Comment: "{cm:UjiMandiriKet}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:Buka}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the app itself may have written inside the installation folder (Python caches).
Type: filesandordirs; Name: "{app}\_internal"

[Code]
// The data folder of the user running the (un)installer: %LOCALAPPDATA%\MutasiDesktop.
function DataFolder(): String;
begin
  Result := ExpandConstant('{#DataFolder}');
end;

// The "ready to install" summary. On an upgrade (the data folder exists) it adds that the data
// stays and that an older database is backed up and migrated when the app first opens it.
function UpdateReadyMemo(Space, NewLine, MemoUserInfoInfo, MemoDirInfo, MemoTypeInfo,
  MemoComponentsInfo, MemoGroupInfo, MemoTasksInfo: String): String;
begin
  Result := MemoDirInfo;
  if MemoGroupInfo <> '' then
    Result := Result + NewLine + NewLine + MemoGroupInfo;
  if MemoTasksInfo <> '' then
    Result := Result + NewLine + NewLine + MemoTasksInfo;
  if DirExists(DataFolder()) then
    Result := Result + NewLine + NewLine + FmtMessage(CustomMessage('CatatanPembaruan'), [DataFolder()]);
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  // Nothing here deletes user data; this only tells the clerk where it is.
  if (CurUninstallStep = usPostUninstall) and (not UninstallSilent()) and DirExists(DataFolder()) then
    MsgBox(FmtMessage(CustomMessage('DataTetap'), [DataFolder()]), mbInformation, MB_OK);
end;
