# An element is forced before it is found to be the same on both sides.
let t = throw "t"; in [ t ] == [ t ]
