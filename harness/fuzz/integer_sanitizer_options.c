/* Linked into the C twins' integer-sanitizer builds (bug_<id>_c_int): UBSan's defaults there.
 * The integer checks are compiled recoverable so that the suppressions apply to them (a
 * suppressed check in a non-recoverable build still aborts); halt_on_error makes every check
 * that is not suppressed as fatal as the rest of UBSan's. UBSAN_OPTIONS set by the runner
 * (print_stacktrace) is read after these and keeps them. */
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void) {
  return "halt_on_error=1:suppressions=" TB_INTEGER_SUPPRESSIONS;
}
