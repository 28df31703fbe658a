# A small inventory as attribute sets: listToAttrs, `//` merges, mapAttrs,
# a recursive update of nested sets, and grouping by a computed key.
let
  items = builtins.genList (i: {
    name = "item${toString i}";
    value = { price = 3 + (i * 7) - (i * 7 / 11) * 11; stock = i - (i / 5) * 5; };
  }) 600;
  catalogue = builtins.listToAttrs items;
  restock = builtins.mapAttrs (_: v: v // { stock = v.stock + 10; }) catalogue;
  recursiveUpdate = a: b:
    a // builtins.mapAttrs
      (k: v: if builtins.isAttrs v && builtins.isAttrs (a.${k} or null) then recursiveUpdate a.${k} v else v)
      b;
  discounted = recursiveUpdate restock { item7.price = 1; item42 = { price = 2; stock = 0; }; };
  byPrice = builtins.foldl'
    (acc: name: let key = "p${toString discounted.${name}.price}"; in
      acc // { ${key} = (acc.${key} or 0) + 1; })
    { }
    (builtins.attrNames discounted);
  total = builtins.foldl' (s: v: s + v.price * v.stock) 0 (builtins.attrValues discounted);
in
{
  inherit total;
  buckets = builtins.length (builtins.attrNames byPrice);
  cheapest = byPrice.p1 or 0;
  item7 = discounted.item7;
  item42 = discounted.item42;
}
