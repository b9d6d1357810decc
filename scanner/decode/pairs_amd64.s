#include "textflag.h"

// The bytes 0x0f, for the nibbles.
DATA pairk<>+0x00(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA pairk<>+0x08(SB)/8, $0x0f0f0f0f0f0f0f0f
GLOBL pairk<>(SB), RODATA|NOPTR, $16

// PAIRS32 sets R to the 32-bit mask of the places among the 32 bytes at off(SI) where a pair
// stands: Y8 and Y9 hold the first byte's low- and high-nibble tables, Y12 and Y13 the second
// byte's, Y10 the bytes 0x0f and Y11 zero.
#define PAIRS32(off, R) \
	VMOVDQU off(SI), Y0 \
	VMOVDQU (off+1)(SI), Y1 \
	VPSRLW $4, Y0, Y2 \
	VPAND Y10, Y2, Y2 \
	VPAND Y10, Y0, Y0 \
	VPSHUFB Y0, Y8, Y0 \
	VPSHUFB Y2, Y9, Y2 \
	VPAND Y2, Y0, Y0 \
	VPSRLW $4, Y1, Y3 \
	VPAND Y10, Y3, Y3 \
	VPAND Y10, Y1, Y1 \
	VPSHUFB Y1, Y12, Y1 \
	VPSHUFB Y3, Y13, Y3 \
	VPAND Y3, Y1, Y1 \
	VPAND Y1, Y0, Y0 \
	VPCMPEQB Y11, Y0, Y0 \
	VPMOVMSKB Y0, R \
	NOTL R

// func pairMaskAVX2(dst []uint64, src []byte, nibbles *[64]byte, nonzero *uint64) int
TEXT ·pairMaskAVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ src_base+24(FP), SI
	MOVQ nibbles+48(FP), AX
	VBROADCASTI128 0(AX), Y8
	VBROADCASTI128 16(AX), Y9
	VBROADCASTI128 32(AX), Y12
	VBROADCASTI128 48(AX), Y13
	VBROADCASTI128 pairk<>(SB), Y10
	VPXOR Y11, Y11, Y11
	MOVQ CX, BX
	XORQ R9, R9  // the word
	XORQ R10, R10 // the words not zero
	TESTQ CX, CX
	JZ pairdone

pairloop:
	PAIRS32(0, AX)
	PAIRS32(32, R8)
	SHLQ $32, R8
	ORQ R8, AX
	MOVQ AX, (DI)
	TESTQ AX, AX
	JZ pairnext
	BTSQ R9, R10

pairnext:
	ADDQ $64, SI
	ADDQ $8, DI
	INCQ R9
	DECQ CX
	JNZ pairloop

pairdone:
	VZEROUPPER
	MOVQ nonzero+56(FP), AX
	MOVQ R10, (AX)
	MOVQ BX, ret+64(FP)
	RET
