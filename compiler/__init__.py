"""The compiler: parser, syntax tree, scope analysis and code generation."""
