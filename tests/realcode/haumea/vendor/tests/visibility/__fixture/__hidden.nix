"hidden"
