# The jobs of `pynix eval-jobs` computed by Nix itself, as nix-eval-jobs finds them: derivations are jobs
# (attribute path, drvPath, outputs), the root and sets with recurseForDerivations = true are entered.
# tests/test_eval_jobs.py runs it with nix-instantiate to compare the drvPaths with CppNix's.
{ file, size }:
let
  walk = path: v:
    if v.type or null == "derivation" then [{
      attrPath = path;
      inherit (v) drvPath;
      outputs = builtins.listToAttrs (map (o: { name = o; value = v.${o}.outPath; }) (v.outputs or [ "out" ]));
    }]
    else if builtins.isAttrs v && (path == [ ] || (v.recurseForDerivations or false))
    then builtins.concatMap (n: walk (path ++ [ n ]) v.${n}) (builtins.attrNames v)
    else [ ];
in
walk [ ] (import file { inherit size; })
