num_pes: 16
l1_size_cstr: 1024
l2_size_cstr: 65536
noc_bw_cstr: 16
offchip_bw_cstr: 16
