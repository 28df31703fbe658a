# A small stdenv-like builder: `mkDerivation` turns a package description into a
# derivation with phases, inputs whose propagated inputs are closed over, several
# outputs and `overrideAttrs`; a bootstrap of a few stages builds the stdenv itself.
{ system, stages ? 4 }:

let
  inherit (builtins) concatStringsSep concatMap elem filter foldl' genList hasAttr map;

  unique = foldl' (acc: x: if elem x acc then acc else acc ++ [ x ]) [ ];

  # Inputs and, transitively, what they propagate (as nixpkgs' stdenv setup hooks do).
  closeInputs = inputs: unique (concatMap (d: [ d ] ++ (d.propagated or [ ])) inputs);

  phaseNames = [ "unpack" "patch" "autoreconf" "configure" "build" "check" "install" "fixup" "installCheck" "dist" ];

  hardeningFlags = [ "fortify" "fortify3" "stackprotector" "pie" "pic" "strictoverflow" "format" "relro" "bindnow" "zerocallusedregs" ];

  # The environment as a builder sees it: lists joined with spaces, Booleans as "1" or "", nulls left out.
  toEnv = attrs: builtins.mapAttrs (n: v:
    if builtins.isList v then concatStringsSep " " (map toString v)
    else if builtins.isBool v then (if v then "1" else "")
    else v) (builtins.removeAttrs attrs (filter (n: attrs.${n} == null) (builtins.attrNames attrs)));

  # As nixpkgs' check-meta: every meta attribute has a type, checked on each package.
  metaTypes = {
    description = builtins.isString;
    license = builtins.isString;
    platforms = l: builtins.isList l && builtins.all builtins.isString l;
    maintainers = l: builtins.isList l && builtins.all (m: m ? name && m ? email) l;
    available = builtins.isBool;
    position = builtins.isString;
    homepage = builtins.isString;
  };
  metaErrors = meta: filter (n: !(metaTypes ? ${n}) || !(metaTypes.${n} meta.${n})) (builtins.attrNames meta);

  # A version's parts compared as nixpkgs' lib.versionAtLeast does.
  versionAtLeast = v: least: builtins.compareVersions v least >= 0;

  # The hooks a setup script runs, one shell function per phase and hook point.
  hookScript = attrs: concatStringsSep "\n" (concatMap (p: [
    "pre${p}Hooks=(${concatStringsSep " " (attrs."pre${p}Hooks" or [ ])})"
    "${p}Phase() { runHook pre${p}; ${attrs."${p}Phase" or "echo ${p}"}; runHook post${p}; }"
    "post${p}Hooks=(${concatStringsSep " " (map (h: builtins.replaceStrings [ "@out@" ] [ "$out" ] h) (attrs."post${p}Hooks" or [ "echo done ${p} @out@" ]))})"
  ]) phaseNames);

  makeDerivation = { shell, prefix }: attrs:
    let
      outputs = attrs.outputs or [ "out" ];
      inputs = closeInputs ((attrs.buildInputs or [ ]) ++ (attrs.propagatedBuildInputs or [ ]));
      phases = hookScript attrs;
      flags = concatStringsSep " " ((attrs.configureFlags or [ ]) ++ map (d: "--with-${d.pname or d.name}=${d}") inputs);
      meta = {
        available = true;
        position = "${attrs.pname}.nix";
        platforms = [ system ];
        license = "mit";
        homepage = "https://example.org/${attrs.pname}";
        maintainers = [ { name = "Alice"; email = "alice@example.org"; } ];
      } // (attrs.meta or { });
      # As nixpkgs' check-meta: a package for another platform or under a refused license is an error.
      checked =
        if metaErrors meta != [ ] then throw "${attrs.pname} has bad meta: ${concatStringsSep ", " (metaErrors meta)}"
        else if !(elem system meta.platforms) then throw "${attrs.pname} is not available on ${system}"
        else if !(versionAtLeast attrs.version "0.1") then throw "${attrs.pname} is too old"
        else if elem meta.license [ "unfree" "proprietary" ] then throw "${attrs.pname} has an unfree license"
        else true;
      includes = concatStringsSep " " (map (d: "-I${d.dev or d}/include") inputs);
      libraries = concatStringsSep " " (map (d: "-L${d.out or d}/lib -rpath ${d.out or d}/lib") inputs);
      # Every input's outputs by name, as a setup hook would export them.
      inputOutputs = concatStringsSep " " (concatMap (d: map (o: "${d.pname or d.name}:${o}=${d.${o}}") (d.outputs or [ "out" ])) inputs);
      hardening = filter (f: !(elem f (attrs.hardeningDisable or [ ]))) hardeningFlags;
      drv = derivation (toEnv {
        NIX_HARDENING_ENABLE = hardening;
        enableParallelBuilding = attrs.enableParallelBuilding or true;
        strictDeps = attrs.strictDeps or false;
        doCheck = attrs.doCheck or (versionAtLeast attrs.version "1.5");
        dontStrip = attrs.dontStrip or null;
        nativeBuildInputs = attrs.nativeBuildInputs or [ ];
        propagatedNativeBuildInputs = attrs.propagatedNativeBuildInputs or [ ];
        depsBuildBuild = [ ];
        patches = attrs.patches or [ ];
        preferLocalBuild = attrs.preferLocalBuild or null;
        outputsToInstall = builtins.head outputs;
      } // {
        inherit system outputs;
        name = "${prefix}${attrs.pname}-${attrs.version}";
        builder = shell;
        args = [ "-e" (builtins.toFile "builder.sh" "source $stdenvSetup\ngenericBuild") ];
        stdenvSetup = phases;
        configureFlags = assert checked; flags;
        NIX_CFLAGS_COMPILE = includes;
        NIX_LDFLAGS = libraries;
        inputOutputs = inputOutputs;
        buildInputs = map toString inputs;
        src = "${attrs.pname}-${attrs.version}.tar.gz";
      } // removeAttrs (attrs.env or { }) [ "name" "system" ]);
      self = drv // {
        inherit (attrs) pname version;
        propagated = closeInputs (attrs.propagatedBuildInputs or [ ]);
        inherit meta;
        overrideAttrs = f: makeDerivation { inherit shell prefix; } (attrs // f attrs);
      };
    in
    self;

  bootstrapShell = derivation {
    name = "bootstrap-tools";
    inherit system;
    builder = "/bin/sh";
    args = [ "-c" "unpack bootstrap-tools" ];
  };

  stage = n: previous: makeDerivation { shell = previous; prefix = "stage${toString n}-"; } {
    pname = "stdenv";
    version = "1.${toString n}";
    configureFlags = [ "--stage=${toString n}" ];
  };

  stageDrvs = genList (n: n) stages;
  shells = foldl' (acc: n: acc ++ [ (stage n (builtins.elemAt acc n)) ]) [ bootstrapShell ] stageDrvs;
  final = builtins.elemAt shells stages;
in
{
  bootstrap = builtins.listToAttrs (genList (n: { name = "stage${toString n}"; value = builtins.elemAt shells (n + 1); }) stages)
    // { recurseForDerivations = true; };
  stdenv = final;
  mkDerivation = makeDerivation { shell = "${final}/bin/sh"; prefix = ""; };
}
