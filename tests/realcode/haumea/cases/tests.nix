# nix-community/haumea: its flake's own checks (loadEvalTests over tests/) with a hand-made
# `nixpkgs` input (the vendored nixpkgs lib) and `self`, and each test's verdict.
let
  flake = import ../vendor/flake.nix;
  nixpkgs = { lib = import ../../nixpkgs-lib/vendor/lib; };
  self = flake.outputs { inherit self nixpkgs; } // { outPath = ../vendor; };
  tests = self.lib.load { src = ../vendor/tests; inputs = { inherit (nixpkgs) lib; haumea = self.lib; }; };
in
{
  checks = self.checks;
  api = builtins.attrNames self.lib;
  verdicts = builtins.mapAttrs (name: test: test.expr == test.expected) tests;
  failures = nixpkgs.lib.runTests tests;
  nested = tests.nested.expr;
  transformer = tests.transformer.expr;
  collision = builtins.tryEval (builtins.deepSeq tests.collision.expr tests.collision.expr);
}
