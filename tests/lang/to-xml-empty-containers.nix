builtins.toXML [ [ ] { } { a = [ ]; } ]
