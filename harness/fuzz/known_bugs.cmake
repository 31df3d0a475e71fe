# The known bugs of a library component (corpora/<comp>/known_bugs.json), as the registry read
# and checked them (Registry.cmake), for the ctest scripts run_seeds.cmake, run_known_bugs.cmake
# and check_known_bugs_release.cmake, which get the registry's file as -DREGISTRY=<file>.
#   tb_known_bugs(<comp> <out_prefix>) sets <out_prefix>_IDS and, per id,
#   <out_prefix>_<id>_TARGET, _WITNESS (absolute), _EXPECT, _IMPLEMENTATION, _CLASS.
function(tb_known_bugs comp prefix)
  if(NOT DEFINED TB_COMPONENTS AND DEFINED REGISTRY) # a ctest script: the registry's file
    include(${REGISTRY})
  endif()
  foreach(id IN LISTS TB_${comp}_KNOWN_BUGS)
    foreach(field TARGET WITNESS EXPECT IMPLEMENTATION CLASS)
      set(${prefix}_${id}_${field} "${TB_KNOWN_BUG_${comp}_${id}_${field}}" PARENT_SCOPE)
    endforeach()
  endforeach()
  set(${prefix}_IDS ${TB_${comp}_KNOWN_BUGS} PARENT_SCOPE)
endfunction()
