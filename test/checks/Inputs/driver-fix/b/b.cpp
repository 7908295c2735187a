#include "../conflict.hpp"
int b() { return 0; }
