/* How a binary names the implementations it was built with. The build (harness/cmake/
 * Registry.cmake, from corpora/<comp>/component.json) writes twinbench_impls.h for each test and
 * benchmark binary (a fuzz driver links a list instead: TB_LINKED_IMPLEMENTATIONS below),
 * defining per component
 *   #define TB_IMPLS_<comp>(X, comp)  X(comp, c) X(comp, rust) ...
 * (and, for the benchmark binary, TB_BASELINES_<comp> likewise), and the getter of
 * implementation <impl> of <comp>, baseline or not, is always tb_<comp>_<impl>() ('-' in an
 * implementation's name becomes '_'). C++ only: drivers, tests and benchmarks use it. */
#ifndef TWINBENCH_IMPLEMENTATIONS_H
#define TWINBENCH_IMPLEMENTATIONS_H

#define TB_CAT_(a, b) a##b

/* For the contracts' generic drivers, compiled with TB_COMPONENT=<comp> and TB_COMPONENT_SUITE
 * (harness/cmake/Registry.cmake, tb_component_driver): the component's name as a string, and
 * its tests' suite names. */
#define TB_STRING_(x) #x
#define TB_STRING(x) TB_STRING_(x)
#define TB_PASTE_(a, b) a##b
#define TB_PASTE(a, b) TB_PASTE_(a, b)

#ifdef TB_LINKED_IMPLEMENTATIONS
/* A fuzz driver is compiled once per component and mode, not once per set of implementations:
 * the set is the binary's, listed by a generated source linked beside the driver
 * (tb_linked_implementations, harness/cmake/Registry.cmake), which defines tb_linked_tables. */
#include <cstddef>
#include <vector>

extern "C" const void *const *tb_linked_tables(size_t *count);

template <typename Api> std::vector<const Api *> tb_linked_implementations() {
  size_t count = 0;
  const void *const *tables = tb_linked_tables(&count);
  std::vector<const Api *> out;
  for (size_t i = 0; i < count; i++) out.push_back(static_cast<const Api *>(tables[i]));
  return out;
}

#define TB_CAT3_(a, b, c) a##b##c
#define TB_API_OF_(comp) TB_CAT3_(tb_, comp, _api)
#define TB_DECLARE_IMPLEMENTATIONS(comp)
#define TB_IMPLEMENTATIONS(comp) tb_linked_implementations<TB_API_OF_(comp)>()
#else
#include "twinbench_impls.h"

#define TB_IMPLS_OF_(comp) TB_CAT_(TB_IMPLS_, comp)
#define TB_DECLARE_GETTER_(comp, impl) const tb_##comp##_api *tb_##comp##_##impl(void);
#define TB_CALL_GETTER_(comp, impl) tb_##comp##_##impl(),

/* The same for the baselines, in the benchmark binary alone (TB_BASELINES_<comp>): a baseline's
 * getter returns the table its contract header names tb_<comp>_baseline_api, the component's
 * own API table when a baseline can fill it. */
#define TB_BASELINES_OF_(comp) TB_CAT_(TB_BASELINES_, comp)
#define TB_DECLARE_BASELINE_GETTER_(comp, impl)                                                    \
  const tb_##comp##_baseline_api *tb_##comp##_##impl(void);
#define TB_DECLARE_BASELINES(comp)                                                                 \
  extern "C" {                                                                                     \
  TB_BASELINES_OF_(comp)(TB_DECLARE_BASELINE_GETTER_, comp)                                        \
  }
#define TB_BASELINES(comp) {TB_BASELINES_OF_(comp)(TB_CALL_GETTER_, comp)}

/* Declares the getters of <comp>'s implementations (the contract header declares the twins';
 * an implementation added by the registry alone is declared here). */
#define TB_DECLARE_IMPLEMENTATIONS(comp)                                                           \
  extern "C" {                                                                                     \
  TB_IMPLS_OF_(comp)(TB_DECLARE_GETTER_, comp)                                                     \
  }

/* A braced list of the API tables of <comp>'s implementations, in registry order. */
#define TB_IMPLEMENTATIONS(comp) {TB_IMPLS_OF_(comp)(TB_CALL_GETTER_, comp)}
#endif

#endif
