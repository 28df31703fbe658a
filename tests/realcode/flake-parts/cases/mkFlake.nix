# hercules-ci/flake-parts: its flake's outputs called with a hand-made `nixpkgs-lib` input (the
# vendored nixpkgs lib), then `mkFlake` for a flake with perSystem outputs and flake-level outputs.
let
  nixpkgs-lib = { lib = import ../../nixpkgs-lib/vendor/lib; };
  flake-parts = (import ../vendor/flake.nix).outputs { self = flake-parts; inherit nixpkgs-lib; };
  inputs = { self = flake // { outPath = ./.; }; inherit flake-parts; };
  drv = system: name: derivation { inherit system name; builder = "/bin/sh"; args = [ "-c" "echo ${name} > $out" ]; };
  flake = flake-parts.lib.mkFlake { inherit inputs; } ({ withSystem, flake-parts-lib, ... }: {
    systems = [ "x86_64-linux" "aarch64-linux" ];
    imports = [ flake-parts.flakeModules.modules ];
    perSystem = { config, system, self', ... }: {
      packages.hello = drv system "hello";
      packages.default = config.packages.hello;
      apps.hello = { program = "${self'.packages.hello}/bin/hello"; };
      checks.hello = self'.packages.default;
      legacyPackages.tools.version = "1.0-${system}";
      devShells.default = drv system "shell";
    };
    flake = {
      lib.answer = 42;
      overlays.default = final: prev: { };
      nixosModules.base = { config, ... }: { };
      fromWithSystem = withSystem "aarch64-linux" ({ config, system, ... }: config.packages.hello.name + "@" + system);
      modules.generic.answer = { };
    };
  });
  names = builtins.mapAttrs (system: builtins.mapAttrs (n: d: d.name));
in
{
  outputs = builtins.attrNames flake;
  packages = names flake.packages;
  checks = names flake.checks;
  devShells = names flake.devShells;
  apps = builtins.mapAttrs (system: builtins.mapAttrs (n: app: { inherit (app) type; program = builtins.substring 44 100 app.program; })) flake.apps;
  legacyPackages = flake.legacyPackages;
  inherit (flake) lib fromWithSystem;
  overlay = flake.overlays.default { } { };
  nixosModules = builtins.attrNames flake.nixosModules;
  modules = builtins.attrNames flake.modules;
  flakePartsLib = builtins.attrNames flake-parts.lib;
  flakeModules = builtins.attrNames flake-parts.flakeModules;
  templates = builtins.attrNames flake-parts.templates;
}
