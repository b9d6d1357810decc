#include "textflag.h"

// A continuation byte, 0x80 to 0xbf, is below 0xc0 (-64) as a signed byte.
DATA runesk<>+0x00(SB)/1, $0xc0
GLOBL runesk<>(SB), RODATA|NOPTR, $4

// func continuationsAVX2(b []byte) int
// len(b) is a multiple of 64.
TEXT ·continuationsAVX2(SB), NOSPLIT, $0-32
	MOVQ b_base+0(FP), SI
	MOVQ b_len+8(FP), CX
	VPBROADCASTB runesk<>+0x00(SB), Y8
	XORQ R8, R8
	SHRQ $6, CX
	JZ done

loop:
	VMOVDQU 0(SI), Y0
	VMOVDQU 32(SI), Y1
	VPCMPGTB Y0, Y8, Y0
	VPCMPGTB Y1, Y8, Y1
	VPMOVMSKB Y0, AX
	VPMOVMSKB Y1, BX
	POPCNTL AX, AX
	POPCNTL BX, BX
	ADDQ AX, R8
	ADDQ BX, R8
	ADDQ $64, SI
	DECQ CX
	JNZ loop

done:
	VZEROUPPER
	MOVQ R8, ret+24(FP)
	RET
