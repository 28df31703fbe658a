{ super }:

super.extension "nix"
