# Builds a text report: string interpolation, concatStringsSep, replaceStrings,
# splitting and hashing of the result.
let
  row = i: "| ${toString i} | ${builtins.substring 0 8 (builtins.hashString "md5" (toString i))} | ${if builtins.bitAnd i 1 == 0 then "even" else "odd"} |";
  rows = builtins.genList row 1500;
  table = builtins.concatStringsSep "\n" rows;
  shouted = builtins.replaceStrings [ "even" "odd" ] [ "EVEN" "ODD" ] table;
  fields = builtins.filter builtins.isString (builtins.split "\\|" shouted);
in
{
  length = builtins.stringLength shouted;
  lines = builtins.length rows;
  fields = builtins.length fields;
  first = builtins.head rows;
  sha256 = builtins.hashString "sha256" shouted;
}
