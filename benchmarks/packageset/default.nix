# A generated nixpkgs-like package set for `pynix eval-jobs` benchmarks: `size`
# derivations (about) built by the stdenv-like builder of stdenv.nix, with
# dependencies between them, `callPackage`-style overrides and package sets
# entered through `recurseForDerivations`.
#
# Layout: a stdenv bootstrap; core libraries (every package needs a few);
# six language package sets, each a twentieth shared base packages and the rest
# leaves; applications; overridden variants. Dependencies are picked by a
# fixed arithmetic rule, so the set is the same on every evaluation. As in
# nixpkgs, attribute names do not depend on the packages.
{ size ? 3000, system ? "x86_64-linux" }:

let
  inherit (builtins) elemAt genList listToAttrs map;

  stages = 4;
  std = import ./stdenv.nix { inherit system stages; };
  inherit (std) mkDerivation;

  # The k-th of `count` pseudo-random picks among `n` candidates for the package `seed`.
  pick = seed: k: n: if n == 0 then 0 else (seed * 7919 + k * 104729 + seed * k * 31) - (seed * 7919 + k * 104729 + seed * k * 31) / n * n;
  picks = seed: count: xs: let n = builtins.length xs; in if n == 0 then [ ] else genList (k: elemAt xs (pick seed k n)) count;

  pad = i: let s = toString i; in if i < 10 then "00${s}" else if i < 100 then "0${s}" else s;

  # `callPackage`-like: a package function called with its inputs, overridable with other inputs.
  makeOverridable = f: args: f args // { override = more: makeOverridable f (args // more); };

  package = { pname, deps ? [ ], propagated ? [ ], outputs ? [ "out" ], group }:
    mkDerivation {
      inherit pname outputs;
      version = "1.${toString (builtins.stringLength pname)}";
      buildInputs = deps;
      propagatedBuildInputs = propagated;
      configureFlags = [ "--enable-shared" "--group=${group}" ];
      buildPhase = "make -j$NIX_BUILD_CORES";
      meta = {
        description = "Package ${pname} of ${group}";
        license = if builtins.stringLength pname / 2 * 2 == builtins.stringLength pname then "mit" else "gpl3";
        platforms = [ system ];
      };
    };

  coreCount = size / 60;
  core = genList (i: makeOverridable ({ deps }: package {
    pname = "core-${pad i}";
    inherit deps;
    outputs = if i / 3 * 3 == i then [ "out" "dev" ] else [ "out" ];
    group = "core";
  }) { deps = picks i 2 (genList (j: elemAt core j) i); }) coreCount;

  ecosystems = [ "python" "haskell" "perl" "node" "ruby" "lua" ];
  ecoSize = size * 11 / 100;
  ecosystem = e: eco:
    let
      baseCount = ecoSize / 20;
      base = genList (i: package {
        pname = "${eco}-base-${pad i}";
        deps = picks (i + e * 1000) 1 core ++ picks (i * 3 + e) 2 (genList (j: elemAt base j) i);
        propagated = picks (i + 7) 1 core;
        group = eco;
      }) baseCount;
      leaves = genList (i: package {
        pname = "${eco}-${pad i}";
        deps = picks (i + e * 77) 3 base ++ picks (i + 3) 1 core;
        group = eco;
      }) (ecoSize - baseCount);
    in
    { inherit base; set = named "${eco}-base-" base // named "${eco}-" leaves // { recurseForDerivations = true; }; };

  appCount = size - stages - 1 - coreCount - 6 * ecoSize - overriddenCount;
  overriddenCount = size / 50;
  apps = genList (i: makeOverridable ({ libs, extra }: package {
    pname = "app-${pad i}";
    deps = libs ++ extra;
    group = "apps";
  }) { libs = picks (i * 5) 3 core; extra = picks i 1 python.base; }) appCount;

  python = ecosystem 0 "python";

  overridden = genList (i:
    let app = elemAt apps (pick i 1 appCount); in
    if i / 2 * 2 == i
    then app.overrideAttrs (old: { pname = "${old.pname}-static"; configureFlags = old.configureFlags ++ [ "--static" ]; })
    else app.override { extra = [ (elemAt core (pick i 2 coreCount)) ]; }) overriddenCount;

  # Attribute names that do not depend on the packages, as in nixpkgs: listing a set evaluates no package.
  named = prefix: list: listToAttrs (genList (i: { name = "${prefix}${pad i}"; value = elemAt list i; }) (builtins.length list));
in
named "core-" core // named "app-" apps // named "variant-" overridden // {
  inherit (std) stdenv bootstrap;
  # Not entered by eval-jobs (no recurseForDerivations): only --force-recurse finds these.
  unentered = { hidden = package { pname = "hidden"; group = "unentered"; }; };
  lib = { inherit pick pad; version = "1.0"; };
  pythonPackages = python.set;
} // listToAttrs (genList (e: {
  name = "${elemAt ecosystems (e + 1)}Packages";
  value = (ecosystem (e + 1) (elemAt ecosystems (e + 1))).set;
}) 5)
