baz/.nix
