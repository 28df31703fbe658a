builtins.toXML "a'b\tc\rd\ne<&>\""
