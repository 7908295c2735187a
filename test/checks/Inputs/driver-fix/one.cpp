#include "inl.hpp"
int one() { return 0; }
