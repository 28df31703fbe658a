# numtide/flake-utils' flake outputs, called with a hand-made `systems` input and `self`.
let
  flake = import ../vendor/flake.nix;
  systems = { outPath = ./fixtures/systems.nix; };
  self = flake.outputs { inherit self systems; };
  inherit (self) lib;
  drv = system: name: derivation { inherit system name; builder = "/bin/sh"; args = [ "-c" "echo ${name} > $out" ]; };
  hello = drv "x86_64-linux" "hello" // { meta = { }; };  # filterPackages reads meta from every derivation
  checks = lib.check-utils "x86_64-linux";
in
{
  description = flake.description;
  templates = builtins.mapAttrs (n: t: t.description) self.templates;
  defaultSystems = lib.defaultSystems;
  allSystems = builtins.length lib.allSystems;
  system = lib.system;
  eachDefaultSystem = lib.eachDefaultSystem (system: { packages.name = "hello-${system}"; checks.system = system; });
  eachSystem = lib.eachSystem [ "x86_64-linux" "aarch64-linux" ] (system: { devShells.default = system; });
  eachSystemMap = lib.eachSystemMap [ "x86_64-linux" "i686-linux" ] (system: builtins.stringLength system);
  flattenTree = builtins.mapAttrs (n: d: d.name) (lib.flattenTree {
    inherit hello;
    tools = { recurseForDerivations = true; git = drv "x86_64-linux" "git"; nested = { recurseForDerivations = true; hub = drv "x86_64-linux" "hub"; }; version = "2"; };
    hidden = { inner = hello; };
    number = 1;
  });
  filterPackages = builtins.attrNames (lib.filterPackages "x86_64-linux" {
    ok = hello;
    broken = hello // { meta.broken = true; };
    otherPlatform = hello // { meta.platforms = [ "aarch64-linux" ]; };
    badPlatform = hello // { meta.badPlatforms = [ "x86_64-linux" ]; };
    notDrv = { };
  });
  mkApp = lib.mkApp { drv = hello; };
  mkAppExe = lib.mkApp { drv = hello // { passthru.exePath = "/libexec/hi"; }; name = "ignored"; };
  meld = lib.meld { tag = "t"; } [ ./fixtures/subflake-a.nix ./fixtures/subflake-b.nix ];
  checkUtils = map (d: d.name) [ (checks.isEqual 1 1) (checks.isEqual "a b" "c") (checks.hasKey { x = 1; } "x") (checks.hasKey { } ".y") ];
  helloDrv = { inherit (hello) drvPath outPath; };
}
