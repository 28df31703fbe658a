# numtide/nix-filter: the store paths of its own test cases (their hashes depend on exactly
# which fixture files each filter keeps) and its matchers called directly.
let
  nix-filter = import ../vendor;
  tests = import ../vendor/tests/tests.nix;
  root = ../vendor/tests/fixture1;
  args = { inherit root; matchParents = true; };
  under = p: toString root + "/" + p;
  probe = matcher: map (p: matcher args (under p) (if builtins.match ".*\\..*" p == null then "directory" else "regular"))
    [ "README.md" "src" "src/main.js" "src/components/widget.jsx" "src/innerdir" "srcx" ];
in
{
  # in-nix-store filters a copy of the fixture in the store, which an --eval (read-only) run does not make.
  storePaths = builtins.mapAttrs (name: test: test.actual) (builtins.removeAttrs tests [ "in-nix-store" ]);
  sameAsUnfiltered = tests.all.actual == builtins.path { path = root; name = "source"; };
  matchers = {
    matchExt = probe (nix-filter.matchExt "js");
    matchName = probe (nix-filter.matchName "src");
    inDirectory = probe (nix-filter.inDirectory "src");
    isDirectory = probe nix-filter.isDirectory;
    and = probe (nix-filter.and (nix-filter.inDirectory "src") (nix-filter.matchExt "jsx"));
    orMatcher = probe (nix-filter.or (nix-filter.matchName "README.md") (nix-filter.matchExt "js"));
    pathMatcher = probe (a: nix-filter._toMatcher a "src/innerdir");
    fileMatcher = probe (a: nix-filter._toMatcher a "src/main.js");
  };
  cleanPath = map (p: nix-filter._hasPrefix (toString root) (nix-filter._toCleanPath root p)) [ "src" ./. "/abs" ];
}
