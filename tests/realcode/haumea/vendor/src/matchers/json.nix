{ lib, super }:

super.extension "json" (_: lib.importJSON)
