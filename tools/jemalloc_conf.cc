// jemalloc's settings, compiled into the programs that link it (jemalloc
// reads this symbol when it sets itself up, before main; MALLOC_CONF in the
// environment still overrides it).
//
// narenas:1 — one arena for every thread rather than four per core. With
// eight arenas, a start in memory spread its threads over as many arenas,
// each setting up its own slabs: 100 page faults more (760 against 660) and
// 400 KB more idle resident memory. The per-thread caches take nearly every
// allocation; over HTTP (16 connections, the seed's mixed workload) one
// arena and eight served the same requests per CPU-second, within the
// noise of the measurement.
extern "C" {
extern const char* malloc_conf;
const char* malloc_conf = "narenas:1";
}
