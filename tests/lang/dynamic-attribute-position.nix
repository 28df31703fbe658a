let s = {
  "${"dyn"}" = 1;
  static = 2;
}; in [ (builtins.unsafeGetAttrPos "dyn" s).line (builtins.unsafeGetAttrPos "dyn" s).column (builtins.unsafeGetAttrPos "static" s).line ]
