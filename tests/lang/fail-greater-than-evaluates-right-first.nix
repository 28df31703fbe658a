[ ((throw "a") > (throw "b")) ]
