# lib.evalModules of the newest nixpkgs lib: option types, priorities, ordering, submodules, freeform.
# flags: --json
let
  lib = import ../vendor/lib;
  inherit (lib) mkOption types mkIf mkMerge mkDefault mkForce mkBefore mkAfter mkOrder;
  service = { name, config, ... }: {
    options = {
      enable = mkOption { type = types.bool; default = false; };
      port = mkOption { type = types.port; default = 80; };
      user = mkOption { type = types.str; default = "svc-${name}"; };
      args = mkOption { type = types.listOf types.str; default = [ ]; };
      cmd = mkOption { type = types.str; readOnly = true; default = lib.concatStringsSep " " ([ name "--port=${toString config.port}" ] ++ config.args); };
    };
  };
  eval = lib.evalModules {
    modules = [
      {
        options = {
          services = mkOption { type = types.attrsOf (types.submodule service); default = { }; };
          level = mkOption { type = types.enum [ "low" "high" ]; default = "low"; };
          ratio = mkOption { type = types.either types.int types.float; };
          tags = mkOption { type = types.listOf types.str; };
          limits = mkOption { type = types.attrsOf (types.ints.between 0 100); };
          name = mkOption { type = types.strMatching "[a-z]+"; };
          maybe = mkOption { type = types.nullOr types.path; default = null; };
          settings = mkOption { type = types.submodule { freeformType = types.attrsOf types.anything; options.known = mkOption { type = types.int; default = 1; }; }; default = { }; };
          lines = mkOption { type = types.lines; };
          tagged = mkOption { type = types.attrTag { num = mkOption { type = types.int; }; text = mkOption { type = types.str; }; }; };
          coerced = mkOption { type = types.coercedTo types.int toString types.str; };
          unique = mkOption { type = types.uniq types.int; };
          oneOf = mkOption { type = types.listOf (types.oneOf [ types.bool types.str ]); };
        };
      }
      ({ config, ... }: {
        services.web = { enable = true; port = 8080; args = [ "--verbose" ]; };
        services.db.args = mkIf config.services.web.enable [ "--wait" ];
        level = mkDefault "high";
        ratio = 0.25;
        tags = mkMerge [ [ "b" ] (mkBefore [ "a" ]) (mkAfter [ "z" ]) (mkOrder 900 [ "early" ]) ];
        limits = { cpu = 50; mem = mkDefault 10; };
        name = "pynix";
        settings = { extra.nested = [ 1 ]; known = 2; };
        lines = mkMerge [ "first" (mkAfter "last") ];
        tagged.text = "hi";
        coerced = 42;
        unique = 7;
        oneOf = [ true "x" ];
      })
      { level = mkForce "low"; limits.mem = 20; tags = [ "c" ]; lines = "second"; }
    ];
  };
  opt = eval.options.limits;
in
{
  inherit (eval) config;
  optionInfo = {
    inherit (opt) isDefined highestPrio;
    type = opt.type.description;
    serviceType = eval.options.services.type.description;
    files = map toString opt.files;
  };
  checks = {
    badEnum = (builtins.tryEval (lib.evalModules { modules = [ eval.options.level.declarations or { } { options.x = mkOption { type = types.enum [ 1 ]; }; config.x = 2; } ]; }).config.x).success;
  };
}
