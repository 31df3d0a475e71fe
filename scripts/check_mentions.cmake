# Fails unless FILE contains TEXT: a count that prose states must be the one the code holds.
#   cmake -DFILE=README.md -DTEXT="20 realistic" -P check_mentions.cmake
file(READ ${FILE} content)
string(FIND "${content}" "${TEXT}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${FILE} does not say \"${TEXT}\": bring its count in step with the code")
endif()
