# lib.filesystem of the newest nixpkgs lib: needs builtins.readFileType (Nix 2.14), newer than CppNix 2.8.
let
  lib = import ../vendor/lib;
  fs = lib.filesystem;
in
{
  types = map fs.pathType [ ../vendor/lib ../vendor/lib/default.nix ];
  isDirectory = map lib.pathIsDirectory [ ../vendor/lib ../vendor/lib/default.nix ./missing ];
  isRegularFile = map lib.pathIsRegularFile [ ../vendor/lib ../vendor/lib/default.nix ];
  resolveDefaultNix = baseNameOf (fs.resolveDefaultNix ../vendor/lib);
  files = map baseNameOf (fs.listFilesRecursive ../vendor/lib);
}
