# Used for back-compat
import ./lib.nix { }
