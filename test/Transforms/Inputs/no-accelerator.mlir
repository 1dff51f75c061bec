// A module without zigzag.accelerator.
module {
}
