{ super }:

inputs:

super.defaultWith (scopedImport inputs) inputs
