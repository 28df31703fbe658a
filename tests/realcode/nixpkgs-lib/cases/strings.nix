# lib.strings of the newest nixpkgs lib.
let
  lib = import ../vendor/lib;
  s = lib.strings;
in
{
  join = s.concatStringsSep ", " [ "a" "b" "c" ];
  mapped = s.concatMapStringsSep "-" toString [ 1 2 3 ];
  imapped = s.concatImapStringsSep "," (i: x: "${toString i}${x}") [ "a" "b" ];
  lines = s.concatLines [ "x" "y" ];
  split = s.splitString "::" "a::b::::c";
  splitBy = s.splitStringBy (prev: curr: builtins.elem curr [ "A" "B" ]) true "fooAbarBbaz";
  case = [ (s.toLower "MiXeD") (s.toUpper "MiXeD") (s.toSentenceCase "hELLO wORLD") (s.toCamelCase "hello-nix_world example") ];
  affixes = [ (s.hasPrefix "foo" "foobar") (s.hasSuffix "bar" "foobar") (s.hasInfix "oba" "foobar") (s.removePrefix "foo" "foobar") (s.removeSuffix "bar" "foobar") ];
  trim = [ (s.trim "  \t x y \n") (s.trimWith { start = true; } "  z  ") ];
  replace = s.replaceString "o" "0" "foo boo";
  escapes = {
    shell = s.escapeShellArgs [ "it's" "plain" "" "a b" ];
    nix = s.escapeNixString "a\"b\${c}";
    nixIdent = map s.escapeNixIdentifier [ "foo" "foo-bar" "1x" "if" ];
    regex = s.escapeRegex "a.b*c[d]";
    c = s.escapeC [ " " "\n" ] "a b\nc";
    url = s.escapeURL "foo/bar baz?x=ü";
    xml = s.escapeXML "<a href=\"x\">&'</a>";
    shellVar = s.toShellVars { PATH = "/bin"; list = [ "a" "b c" ]; attrs = { k = "v"; }; };
  };
  ints = [ (s.toInt "42") (s.toInt " -7 ") (s.toIntBase10 "0012") ];
  intFails = [ (builtins.tryEval (s.toInt "4.2")).success (builtins.tryEval (s.toIntBase10 "0x10")).success ];
  widths = [ (s.fixedWidthString 5 "0" "42") (s.fixedWidthNumber 4 7) ];
  sanitize = map s.sanitizeDerivationName [ "foo/bar" "..hidden" "" "a b+c=d" ];
  levenshtein = [ (s.levenshtein "kitten" "sitting") (s.levenshteinAtMost 2 "abc" "abd") (s.commonPrefixLength "foobar" "fooba") (s.commonSuffixLength "xbar" "ybar") ];
  chars = s.stringToCharacters "héllo";
  charToInt = map s.charToInt [ "A" "z" " " ];
  optional = [ (s.optionalString true "yes") (s.optionalString false "no") ];
  intersperse = s.intersperse "," [ "a" "b" "c" ];
  cmake = [ (s.cmakeBool "ENABLE" true) (s.cmakeFeature "MODE" "fast") (s.cmakeOptionType "string" "X" "y") ];
  meson = [ (s.mesonOption "buildtype" "release") (s.mesonBool "tests" false) (s.mesonEnable "docs" true) ];
  configure = [ (s.enableFeature true "shared") (s.withFeatureAs false "x" "y") (s.enableFeatureAs true "z" "1") ];
  normalize = s.normalizePath "/a//b///c/";
  isStorePath = [ (s.isStorePath "${builtins.storeDir}/d945ibfx9x185xf04b890y4f9g3cbb63-python-2.7.11") (s.isStorePath "/tmp/x") ];
  addContext = s.addContextFrom "abc" "def";
  fileContents = s.fileContents ./fixtures/strings-data.txt;
  versionOlder = [ (s.versionOlder "1.0" "1.0.1") (s.versionAtLeast "10" "9") ];
  getName = [ (s.getName "hello-2.12.1") (s.getVersion "hello-2.12.1") (lib.getName { pname = "p"; version = "1"; name = "p-1"; }) ];
  nameFromURL = s.nameFromURL "https://example.org/foo-1.2.tar.gz" "-";
  isConvertible = map s.isConvertibleWithToString [ 1 "a" [ 1 ] { } null ];
  isStringLike = map s.isStringLike [ "a" ./. { outPath = "x"; } 1 ];
  splitLines = s.splitString "\n" (s.concatMapStrings (x: x + "\n") [ "1" "2" ]);
}
