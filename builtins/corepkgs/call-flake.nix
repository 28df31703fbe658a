# A flake and its inputs as CppNix's call-flake.nix builds them (used by builtins.getFlake):
# the lock file's nodes, each fetched (the root is given) and called with its own inputs.
lockFileStr: rootSrc: rootSubdir:

let

  lockFile = builtins.fromJSON lockFileStr;

  allNodes =
    builtins.mapAttrs
      (key: node:
        let

          sourceInfo =
            if key == lockFile.root
            then rootSrc
            else builtins.addErrorContext "while fetching the flake input '${key}'"
              (builtins.fetchTree (node.info or {} // removeAttrs node.locked [ "dir" ]));

          subdir = if key == lockFile.root then rootSubdir else node.locked.dir or "";

          flake = import (sourceInfo + (if subdir != "" then "/" else "") + subdir + "/flake.nix");

          inputs = builtins.mapAttrs
            (inputName: inputSpec: allNodes.${resolveInput inputSpec})
            (node.inputs or { });

          # An input spec is a node name, or a 'follows' path from the root node.
          resolveInput = inputSpec:
            if builtins.isList inputSpec
            then getInputByPath lockFile.root inputSpec
            else inputSpec;

          # Follow an input path (e.g. [ "dwarffs" "nixpkgs" ]) from the root node to its final node.
          getInputByPath = nodeName: path:
            if path == [ ]
            then nodeName
            else
              getInputByPath
                (resolveInput lockFile.nodes.${nodeName}.inputs.${builtins.head path})
                (builtins.tail path);

          # pynix reads flake.lock but does not lock: an input flake.nix declares and the lock lacks is an error.
          unlocked = builtins.filter (name: !(node.inputs or { } ? ${name})) (builtins.attrNames (flake.inputs or { }));

          outputs =
            if unlocked != [ ]
            then throw "flake input '${builtins.head unlocked}' of '${key}' is not in flake.lock (pynix does not lock inputs: run 'nix flake lock')"
            else flake.outputs (inputs // { self = result; });

          result = outputs // sourceInfo // { inherit inputs; inherit outputs; inherit sourceInfo; _type = "flake"; };

        in
        if node.flake or true then
          assert builtins.isFunction flake.outputs;
          result
        else
          sourceInfo
      )
      lockFile.nodes;

in allNodes.${lockFile.root}
