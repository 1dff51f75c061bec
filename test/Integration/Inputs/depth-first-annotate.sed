# Puts every linalg op of an imported model into depth-first stack 0, as
# --zigzag-depth-first annotates a stack (docs/Rewrite.md); the RUN lines
# replace MODE and TILE. X and Y are loops 3 and 2 (OX, OY) of convs,
# poolings and elementwise ops, 2 and 1 of depthwise convs.
/= linalg\./ s/zigzag\.layer_name = /zigzag.depth_first = #zigzag.depth_first<stack = 0, mode = "MODE", tile = [TILE], loops = [3, 2]>, zigzag.layer_name = /
/linalg\.depthwise_conv_2d_nchw_chw/ s/loops = \[3, 2\]/loops = [2, 1]/
