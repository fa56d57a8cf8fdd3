# embed.cmake — writes IN (a text file) as a C array `NAME` into OUT: the client driver travels
# inside the schedlab binary, so `schedlab real` works from any directory.
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," arr "${hex}")
file(WRITE "${OUT}" "/* generated from ${IN} by src/real/embed.cmake: do not edit */\nstatic const unsigned char ${NAME}[] = {${arr}};\n")
