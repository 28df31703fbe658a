# hercules-ci/gitignore.nix: gitignore rules compiled to regexes and applied to paths (rules.nix),
# and git's INI config format (parse-git-config.nix), over the vendored nixpkgs lib.
let
  lib = import ../../nixpkgs-lib/vendor/lib;
  rules = import ../vendor/rules.nix { inherit lib; };
  ini = import ../vendor/parse-git-config.nix { inherit lib; };
  root = "/project";
  ignores = ''
    # comment
    *.log
    !keep.log
    /build
    docs/**/*.html
    out/
    [Tt]emp?
    \#literal
    a[!x]b
    **/generated
    lib/*.o
  '';
  paths = [
    "main.c" "debug.log" "keep.log" "sub/trace.log" "build" "src/build" "docs/a/b/page.html" "docs/page.html"
    "out" "out/x" "src/out/y" "Temp1" "temp" "tempXY" "#literal" "alb" "axb" "x/y/generated" "generated"
    "lib/a.o" "lib/sub/a.o" "README.md"
  ];
  filter = rules.gitignoreFilter ignores root;
  type = p: if lib.hasSuffix "out" p || lib.hasSuffix "build" p then "directory" else "regular";
in
{
  regexes = rules.gitignoreToRegexes ignores;
  included = lib.genAttrs paths (p: rules.runFilterPattern filter "${root}/${p}" (type p));
  merged = map (p: rules.runFilterPattern (rules.mergePattern filter (rules.gitignoreFilter "*.c\n!debug.log" root)) "${root}/${p}" "regular") [ "main.c" "debug.log" "x.log" ];
  unit = rules.mergePattern rules.unitPattern rules.unitPattern "/project/x" "regular";
  config = ini.parseIniText ''
    [core]
    	excludesFile = ~/.gitignore_global
    	bare = false
    [remote "origin"]
    url = https://example.org/repo.git
    fetch=+refs/heads/*:refs/remotes/origin/*
    not an item
  '';
}
