# lib.lists and lib.attrsets of the newest nixpkgs lib.
let
  lib = import ../vendor/lib;
  l = lib.lists;
  a = lib.attrsets;
  deps = { a = [ "b" "c" ]; b = [ "c" ]; c = [ ]; d = [ "a" ]; };
in
{
  lists = {
    folds = [ (l.foldl' (acc: x: acc * 10 + x) 0 [ 1 2 3 ]) (l.foldr (x: acc: "${x}${acc}") "" [ "a" "b" ]) (l.foldl (acc: x: acc - x) 10 [ 1 2 ]) ];
    imap = [ (l.imap0 (i: x: i * x) [ 5 6 7 ]) (l.imap1 (i: x: "${toString i}${x}") [ "a" "b" ]) ];
    flatten = l.flatten [ 1 [ 2 [ 3 [ ] ] ] [ [ [ 4 ] ] ] ];
    unique = l.unique [ 3 1 3 2 1 ];
    sorted = [ (l.sort (x: y: x > y) [ 3 1 2 ]) (l.sortOn builtins.stringLength [ "ccc" "a" "bb" ]) (l.naturalSort [ "v10" "v9" "v1.2" "v1.10" ]) ];
    groupBy = [ (l.groupBy (x: if x > 2 then "big" else "small") [ 1 2 3 4 ]) (l.groupBy' builtins.add 0 (x: toString (x - x / 2 * 2)) [ 1 2 3 4 5 ]) ];
    partition = l.partition (x: x > 2) [ 1 2 3 4 ];
    zips = [ (l.zipLists [ 1 2 3 ] [ "a" "b" ]) (l.zipListsWith (x: y: x + y) [ 1 2 ] [ 10 20 30 ]) ];
    slices = [ (l.take 2 [ 1 2 3 ]) (l.drop 2 [ 1 2 3 ]) (l.sublist 1 2 [ 1 2 3 4 ]) (l.last [ 1 2 3 ]) (l.init [ 1 2 3 ]) (l.takeEnd 2 [ 1 2 3 ]) (l.dropEnd 1 [ 1 2 3 ]) ];
    ranges = [ (l.range 3 6) (l.range 2 1) (l.replicate 3 "x") ];
    search = [ (l.findFirst (x: x > 2) null [ 1 3 5 ]) (l.findFirstIndex (x: x > 2) null [ 1 3 5 ]) (l.findSingle (x: x == 3) "none" "multiple" [ 1 3 ]) (l.count (x: x == 1) [ 1 2 1 ]) (l.elemAt [ "a" "b" ] 1) ];
    sets = [ (l.subtractLists [ 1 ] [ 1 2 1 3 ]) (l.intersectLists [ 1 2 3 ] [ 2 3 4 ]) (l.mutuallyExclusive [ 1 ] [ 2 ]) (l.allUnique [ 1 2 1 ]) (l.remove 2 [ 1 2 3 2 ]) ];
    prefix = [ (l.commonPrefix [ 1 2 3 ] [ 1 2 4 ]) (l.removePrefix [ 1 2 ] [ 1 2 3 ]) (l.hasPrefix [ 1 ] [ 1 2 ]) ];
    toposort = l.toposort (x: y: builtins.elem x deps.${y}) [ "a" "b" "c" "d" ];
    toposortCycle = l.toposort (x: y: true) [ 1 2 ];
    listDfs = l.listDfs true (x: y: builtins.elem y deps.${x}) [ "d" "a" "b" "c" ];
    compare = [ (l.compareLists lib.compare [ 1 2 ] [ 1 3 ]) (l.compareLists lib.compare [ 1 2 ] [ 1 ]) ];
    product = l.crossLists (x: y: "${toString x}${y}") [ [ 1 2 ] [ "a" "b" ] ];
    misc = [ (l.optional true 1) (l.optionals false [ 2 ]) (l.toList 3) (l.ifilter0 (i: v: i == 0 || v > 2) [ 1 2 3 ]) (l.reverseList [ 1 2 3 ]) (l.concatMap (x: [ x x ]) [ 1 2 ]) (l.forEach [ 1 2 ] (x: x * 2)) (l.singleton 1) (l.concatLists [ [ 1 ] [ 2 ] ]) ];
    replaceElemAt = l.replaceElemAt [ 1 2 3 ] 1 20;
  };
  attrsets = {
    byPath = [ (a.attrByPath [ "a" "b" ] 0 { a.b = 1; }) (a.attrByPath [ "a" "c" ] 0 { a.b = 1; }) (a.hasAttrByPath [ "a" "b" ] { a.b = null; }) (a.getAttrFromPath [ "x" "y" ] { x.y = "z"; }) (a.setAttrByPath [ "p" "q" ] 1) (a.longestValidPathPrefix [ "a" "b" "c" ] { a.b = 1; }) ];
    updateMany = a.updateManyAttrsByPath [ { path = [ "a" "b" ]; update = old: old + 1; } { path = [ ]; update = old: old // { c = 3; }; } ] { a.b = 1; };
    recursiveUpdate = a.recursiveUpdate { a = { b = 1; c = 2; }; d = 1; } { a = { b = 10; }; e = 2; };
    recursiveUpdateUntil = a.recursiveUpdateUntil (path: l: r: path == [ "a" ]) { a.b = 1; a.c = 2; } { a.b = 3; };
    mapping = [ (a.mapAttrs' (n: v: a.nameValuePair "x${n}" (v * 2)) { a = 1; b = 2; }) (a.mapAttrsToList (n: v: "${n}=${toString v}") { z = 1; y = 2; }) (a.mapAttrsRecursive (path: v: builtins.concatStringsSep "." path) { a.b = 1; c = 2; }) (a.mapAttrsRecursiveCond (x: !(x ? stop)) (p: v: 0) { a.stop = 1; b.c = 2; }) ];
    filtering = [ (a.filterAttrs (n: v: v > 1) { a = 1; b = 2; }) (a.filterAttrsRecursive (n: v: v != null) { a = null; b.c = null; b.d = 1; }) (a.filterAttrsRecursive (n: v: n != "x") { y.x = 1; }) ];
    generating = [ (a.genAttrs [ "a" "b" ] (n: n + n)) (a.genAttrs' [ 1 2 ] (n: a.nameValuePair "k${toString n}" n)) (a.listToAttrs [ (a.nameValuePair "k" 1) ]) (a.attrsToList { b = 2; a = 1; }) ];
    folding = [ (a.foldlAttrs (acc: n: v: acc + n + toString v) "" { b = 2; a = 1; }) (a.foldAttrs (x: acc: [ x ] ++ acc) [ ] [ { a = 1; } { a = 2; b = 3; } ]) (a.zipAttrsWith (n: vs: vs) [ { a = 1; } { a = 2; b = 3; } ]) (a.zipAttrs [ { a = 1; } { a = 2; } ]) ];
    merging = [ (a.mergeAttrsList [ { a = 1; } { b = 2; } { a = 3; } ]) (a.concatMapAttrs (n: v: { "${n}1" = v; "${n}2" = v; }) { x = 0; }) (a.unionOfDisjoint { a = 1; } { b = 2; }) (builtins.tryEval (a.unionOfDisjoint { a = 1; } { a = 2; })).success (a.overrideExisting { a = 1; } { a = 2; b = 3; }) ];
    products = [ (a.cartesianProduct { x = [ 1 2 ]; y = [ "a" ]; }) (a.mapCartesianProduct ({ x, y }: "${toString x}${y}") { x = [ 1 2 ]; y = [ "a" "b" ]; }) ];
    collect = a.collect builtins.isInt { a = 1; b = { c = 2; d = "x"; }; };
    matchAttrs = [ (a.matchAttrs { a.b = 1; } { a = { b = 1; c = 2; }; }) (a.matchAttrs { a = 2; } { a = 1; }) ];
    misc = [ (a.optionalAttrs true { x = 1; }) (a.getAttrs [ "a" ] { a = 1; b = 2; }) (a.attrVals [ "a" "b" ] { a = 1; b = 2; }) (a.attrValues { b = 1; a = 2; }) (a.catAttrs "a" [ { a = 1; } { } { a = 2; } ]) (a.isDerivation { type = "derivation"; }) (a.recurseIntoAttrs { }) (a.dontRecurseIntoAttrs { }) (a.showAttrPath [ "a" "b-c" "1" ]) ];
    chooseDevOutputs = map (d: d.name) (a.chooseDevOutputs [ { name = "lib"; outputs = [ "out" ]; out = { name = "lib-out"; }; } ]);
  };
}
