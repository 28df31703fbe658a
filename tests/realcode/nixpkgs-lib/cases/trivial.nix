# lib.trivial and lib.versions of the newest nixpkgs lib.
let
  lib = import ../vendor/lib;
  inherit (lib) trivial versions;
  f = { a, b ? 2 }: a + b;
in
{
  release = trivial.release;
  isStable = trivial.oldestSupportedReleaseIsAtLeast 2405;
  hex = map trivial.toHexString [ 0 15 255 4096 ];
  fromHex = map trivial.fromHexString [ "ff" "0x10" "DeadBeef" ];
  baseDigits = trivial.toBaseDigits 7 1000;
  bits = [ (trivial.bitAnd 12 10) (trivial.bitOr 12 10) (trivial.bitXor 12 10) (trivial.bitNot 0) ];
  mod = [ (trivial.mod 7 3) (trivial.mod (-7) 3) ];
  cmp = [ (trivial.compare 1 2) (trivial.compare "b" "a") (trivial.min 3 4) (trivial.max 3 4) ];
  bools = [ (trivial.boolToString true) (trivial.boolToYesNo false) (trivial.xor true false) (trivial.and true false) ];
  pipe = trivial.pipe 2 [ (x: x * 3) toString (s: s + "!") ];
  args = trivial.functionArgs f;
  withArgs = trivial.functionArgs (trivial.setFunctionArgs (x: x) { y = true; });
  mirrored = trivial.functionArgs (trivial.mirrorFunctionArgs f (args: f args * 10));
  mirroredCall = (trivial.mirrorFunctionArgs f (args: f args * 10)) { a = 1; };
  toFunction = [ (trivial.toFunction 5 0) (trivial.toFunction (x: x + 1) 1) ];
  throwIfNot = builtins.tryEval (trivial.throwIfNot false "nope" 1);
  throwIf = trivial.throwIf false "nope" 1;
  splitBy = builtins.sort (a: b: trivial.splitByAndCompare (lib.hasPrefix "x") lib.compare lib.compare a b < 0) [ "b" "xb" "a" "xa" ];
  versions = {
    split = versions.splitVersion "1.2.3pre4-rc";
    major = versions.major "5.10.12";
    minor = versions.minor "5.10.12";
    patch = versions.patch "5.10.12";
    majorMinor = versions.majorMinor "5.10.12";
    pad = versions.pad 4 "1.2";
    older = lib.versionOlder "1.2.10" "1.2.9";
    atLeast = lib.versionAtLeast "2.8" "2.8pre";
  };
}
