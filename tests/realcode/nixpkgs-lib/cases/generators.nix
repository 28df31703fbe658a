# lib.generators, lib.fixedPoints and lib.customisation of the newest nixpkgs lib.
let
  lib = import ../vendor/lib;
  g = lib.generators;
  value = { name = "pynix"; n = 3; f = 0.5; on = true; off = false; nothing = null; list = [ 1 "two" [ 3 ] ]; nested = { "a b" = { c = "d"; }; }; };
  ini = { general = { key = "value"; flag = true; count = 2; }; "section two" = { text = "a=b"; }; };
  point = lib.makeExtensible (self: { x = 1; y = self.x + 1; });
  pkg = lib.makeOverridable ({ a, b ? 2 }: { sum = a + b; }) { a = 1; };
in
{
  json = g.toJSON { } value;
  yaml = g.toYAML { } value;
  pretty = g.toPretty { } (value // { fn = x: x; fnArgs = { a, b ? 1 }: a; multi = "line1\nline2\n"; });
  prettyOneLine = g.toPretty { multiline = false; } value;
  keyValue = g.toKeyValue { } { a = 1; b = "x y"; c = true; };
  keyValueList = g.toKeyValue { listsAsDuplicateKeys = true; } { a = [ 1 2 ]; };
  ini = g.toINI { } ini;
  iniGlobal = g.toINIWithGlobalSection { } { globalSection = { top = 1; }; sections = ini; };
  gitIni = g.toGitINI { user.name = "N"; url."ssh://git@host/".insteadOf = "https://host/"; core.bare = false; };
  dhall = g.toDhall { } { a = 1; b = [ true "s" ]; c = "q"; d = -2; };
  lua = g.toLua { } { a = 1; b = [ "x" { c = null; } ]; e = g.mkLuaInline "print(1)"; };
  luaMultiline = g.toLua { multiline = false; asBindings = true; } { x = 1; y = "z"; };
  plist = g.toPlist { escape = true; } { a = [ 1 2.5 true "<s>" ]; b = { }; };
  valueString = map (g.mkValueStringDefault { }) [ 1 "s" true null 1.5 ];
  fixed = {
    point = { inherit (point) x y; };
    extended = let p = point.extend (final: prev: { x = 10; z = final.y * 2; }); in { inherit (p) x y z; };
    fix = lib.fix (self: { a = 1; b = self.a + 1; });
    composed = lib.fix (lib.extends (lib.composeManyExtensions [ (final: prev: { a = prev.a + 1; }) (final: prev: { b = final.a * 10; }) ]) (self: { a = 1; b = 0; }));
    toExtension = lib.fix (lib.extends (lib.toExtension { b = 5; }) (self: { a = 1; b = 0; }));
  };
  overridable = {
    base = pkg.sum;
    overridden = (pkg.override { b = 40; }).sum;
    twice = ((pkg.override { b = 40; }).override (old: { a = old.a + 100; })).sum;
    callPackage = (lib.callPackageWith { a = 5; b = 6; c = 7; } ({ a, c }: a * c) { c = 2; });
  };
}
