#include "textflag.h"

// Constants, 16 bytes each: the case fold, the bounds of the letters and of '/' and the
// digits, and the other three base64 characters.
DATA b64k<>+0x00(SB)/8, $0x2020202020202020
DATA b64k<>+0x08(SB)/8, $0x2020202020202020
DATA b64k<>+0x10(SB)/8, $0x6060606060606060
DATA b64k<>+0x18(SB)/8, $0x6060606060606060
DATA b64k<>+0x20(SB)/8, $0x7b7b7b7b7b7b7b7b
DATA b64k<>+0x28(SB)/8, $0x7b7b7b7b7b7b7b7b
DATA b64k<>+0x30(SB)/8, $0x2e2e2e2e2e2e2e2e
DATA b64k<>+0x38(SB)/8, $0x2e2e2e2e2e2e2e2e
DATA b64k<>+0x40(SB)/8, $0x3a3a3a3a3a3a3a3a
DATA b64k<>+0x48(SB)/8, $0x3a3a3a3a3a3a3a3a
DATA b64k<>+0x50(SB)/8, $0x2b2b2b2b2b2b2b2b
DATA b64k<>+0x58(SB)/8, $0x2b2b2b2b2b2b2b2b
DATA b64k<>+0x60(SB)/8, $0x2d2d2d2d2d2d2d2d
DATA b64k<>+0x68(SB)/8, $0x2d2d2d2d2d2d2d2d
DATA b64k<>+0x70(SB)/8, $0x5f5f5f5f5f5f5f5f
DATA b64k<>+0x78(SB)/8, $0x5f5f5f5f5f5f5f5f
GLOBL b64k<>(SB), RODATA|NOPTR, $128

// CLASSIFY sets R to the 16-bit mask of the base64 characters in the 16 bytes at off(SI).
// Signed compares: bytes of 0x80 and above are negative and fall outside every range.
#define CLASSIFY(off, R) \
	MOVOU off(SI), X0 \
	MOVO X0, X1 \
	POR X8, X1 \
	MOVO X1, X2 \
	PCMPGTB X9, X1 \
	MOVO X10, X3 \
	PCMPGTB X2, X3 \
	PAND X3, X1 \
	MOVO X0, X2 \
	PCMPGTB X11, X2 \
	MOVO X12, X3 \
	PCMPGTB X0, X3 \
	PAND X3, X2 \
	POR X2, X1 \
	MOVO X0, X2 \
	PCMPEQB X13, X2 \
	POR X2, X1 \
	MOVO X0, X2 \
	PCMPEQB X14, X2 \
	POR X2, X1 \
	PCMPEQB X15, X0 \
	POR X0, X1 \
	PMOVMSKB X1, R

// func b64MaskSSE2(dst []uint64, src []byte) int
TEXT ·b64MaskSSE2(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ src_base+24(FP), SI
	MOVOU b64k<>+0x00(SB), X8
	MOVOU b64k<>+0x10(SB), X9
	MOVOU b64k<>+0x20(SB), X10
	MOVOU b64k<>+0x30(SB), X11
	MOVOU b64k<>+0x40(SB), X12
	MOVOU b64k<>+0x50(SB), X13
	MOVOU b64k<>+0x60(SB), X14
	MOVOU b64k<>+0x70(SB), X15
	MOVQ CX, BX
	TESTQ CX, CX
	JZ done

loop:
	CLASSIFY(0, AX)
	CLASSIFY(16, R8)
	CLASSIFY(32, R9)
	CLASSIFY(48, R10)
	SHLQ $16, R8
	SHLQ $32, R9
	SHLQ $48, R10
	ORQ R8, AX
	ORQ R9, AX
	ORQ R10, AX
	MOVQ AX, (DI)
	ADDQ $64, SI
	ADDQ $8, DI
	DECQ CX
	JNZ loop

done:
	MOVQ BX, ret+48(FP)
	RET

// Nibble tables for b64MaskAVX2: a byte is a base64 character when the entry of its high
// nibble and the entry of its low nibble share a bit. The bits stand for the groups
// 0x2B/0x2D/0x2F ('+', '-', '/'), 0x30-0x39, 0x41-0x4F and 0x61-0x6F, 0x50-0x5A and 0x5F,
// 0x70-0x7A; bytes from 0x80 have a high nibble whose entry is empty.
DATA nibk<>+0x00(SB)/8, $0x1004080402010000
DATA nibk<>+0x08(SB)/8, $0x0000000000000000
DATA nibk<>+0x10(SB)/8, $0x1e1e1e1e1e1e1e1a
DATA nibk<>+0x18(SB)/8, $0x0d040504051c1e1e
DATA nibk<>+0x20(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA nibk<>+0x28(SB)/8, $0x0f0f0f0f0f0f0f0f
GLOBL nibk<>(SB), RODATA|NOPTR, $48

// CLASSIFY32 sets R to the 32-bit mask of the base64 characters in the 32 bytes at off(SI):
// Y8 holds the high nibbles' table, Y9 the low nibbles', Y10 the bytes 0x0f.
#define CLASSIFY32(off, R) \
	VMOVDQU off(SI), Y0 \
	VPSRLW $4, Y0, Y1 \
	VPAND Y10, Y1, Y1 \
	VPAND Y10, Y0, Y0 \
	VPSHUFB Y1, Y8, Y1 \
	VPSHUFB Y0, Y9, Y0 \
	VPAND Y1, Y0, Y0 \
	VPCMPEQB Y11, Y0, Y0 \
	VPMOVMSKB Y0, R \
	NOTL R

// func b64MaskAVX2(dst []uint64, src []byte) int
TEXT ·b64MaskAVX2(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ src_base+24(FP), SI
	VBROADCASTI128 nibk<>+0x00(SB), Y8
	VBROADCASTI128 nibk<>+0x10(SB), Y9
	VBROADCASTI128 nibk<>+0x20(SB), Y10
	VPXOR Y11, Y11, Y11
	MOVQ CX, BX
	TESTQ CX, CX
	JZ done

loop:
	CLASSIFY32(0, AX)
	CLASSIFY32(32, R8)
	SHLQ $32, R8
	ORQ R8, AX
	MOVQ AX, (DI)
	ADDQ $64, SI
	ADDQ $8, DI
	DECQ CX
	JNZ loop

done:
	VZEROUPPER
	MOVQ BX, ret+48(FP)
	RET

// Constants for escMask: a backslash, 'u', 'x', '{', '0', '1' and '8'.
DATA esck<>+0x00(SB)/1, $0x5c
DATA esck<>+0x01(SB)/1, $0x75
DATA esck<>+0x02(SB)/1, $0x78
DATA esck<>+0x03(SB)/1, $0x7b
DATA esck<>+0x04(SB)/1, $0x30
DATA esck<>+0x05(SB)/1, $0x31
DATA esck<>+0x06(SB)/1, $0x38
GLOBL esck<>(SB), RODATA|NOPTR, $8

// DIGIT27 sets D to 0xff in the bytes of S that are a digit from '2' to '7' ('1' < c < '8',
// signed: bytes from 0x80 are negative); T is clobbered.
#define DIGIT27(S, D, T) \
	VPCMPGTB Y13, S, D \
	VPCMPGTB S, Y14, T \
	VPAND T, D, D

// ESCAPES32 sets Y0 to 0xff at the backslashes among the 32 bytes at off(SI) whose escape may
// stand for printable ASCII (escMaskTail), given Y0 holding 0xff at the backslashes.
#define ESCAPES32(off) \
	VMOVDQU (off+1)(SI), Y2 \
	VMOVDQU (off+2)(SI), Y3 \
	VPCMPEQB Y10, Y2, Y4 \
	DIGIT27(Y3, Y5, Y6) \
	VPAND Y5, Y4, Y4 \
	VPCMPEQB Y9, Y2, Y2 \
	VPCMPEQB Y11, Y3, Y5 \
	VPCMPEQB Y12, Y3, Y3 \
	VMOVDQU (off+3)(SI), Y6 \
	VPCMPEQB Y12, Y6, Y6 \
	VPAND Y6, Y3, Y3 \
	VMOVDQU (off+4)(SI), Y6 \
	DIGIT27(Y6, Y7, Y15) \
	VPAND Y7, Y3, Y3 \
	VPOR Y5, Y3, Y3 \
	VPAND Y3, Y2, Y2 \
	VPOR Y4, Y2, Y2 \
	VPAND Y2, Y0, Y0

// func escMaskAVX2(dst []uint64, src []byte, nonzero *uint64) int
// src holds at least 64*len(dst)+4 bytes. Bit w of *nonzero is set when dst[w] is not zero.
TEXT ·escMaskAVX2(SB), NOSPLIT, $0-64
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ src_base+24(FP), SI
	MOVQ nonzero+48(FP), R10
	VPBROADCASTB esck<>+0x00(SB), Y8
	VPBROADCASTB esck<>+0x01(SB), Y9
	VPBROADCASTB esck<>+0x02(SB), Y10
	VPBROADCASTB esck<>+0x03(SB), Y11
	VPBROADCASTB esck<>+0x04(SB), Y12
	VPBROADCASTB esck<>+0x05(SB), Y13
	VPBROADCASTB esck<>+0x06(SB), Y14
	MOVQ CX, BX
	XORQ R11, R11 // the words that are not zero
	XORQ R12, R12 // the word's index
	TESTQ CX, CX
	JZ escdone

escloop:
	VMOVDQU 0(SI), Y0
	VMOVDQU 32(SI), Y1
	VPCMPEQB Y8, Y0, Y0
	VPCMPEQB Y8, Y1, Y1
	VPOR Y1, Y0, Y2
	VPTEST Y2, Y2
	JNZ escslow
	MOVQ $0, (DI) // no backslash in the 64 bytes: most blocks of code
	JMP escnext

escslow:
	// A backslash followed by 'u' or 'x' first: most backslashes escape quotes and line breaks.
	VMOVDQU 1(SI), Y2
	VMOVDQU 33(SI), Y3
	VPCMPEQB Y9, Y2, Y4
	VPCMPEQB Y10, Y2, Y2
	VPOR Y4, Y2, Y2
	VPAND Y0, Y2, Y2
	VPCMPEQB Y9, Y3, Y4
	VPCMPEQB Y10, Y3, Y3
	VPOR Y4, Y3, Y3
	VPAND Y1, Y3, Y3
	VPOR Y3, Y2, Y2
	VPTEST Y2, Y2
	JNZ escfull
	MOVQ $0, (DI)
	JMP escnext

escfull:
	ESCAPES32(0)
	VPMOVMSKB Y0, AX
	VMOVDQU Y1, Y0
	ESCAPES32(32)
	VPMOVMSKB Y0, R8
	SHLQ $32, R8
	ORQ R8, AX
	MOVQ AX, (DI)
	TESTQ AX, AX
	JZ escnext
	BTSQ R12, R11

escnext:
	ADDQ $64, SI
	ADDQ $8, DI
	INCQ R12
	DECQ CX
	JNZ escloop

escdone:
	VZEROUPPER
	MOVQ R11, (R10)
	MOVQ BX, ret+56(FP)
	RET

// ANY32 sets R to the 32-bit mask of the bytes among the 32 at off(SI) that equal one of
// the broadcast Y8 to Y11.
#define ANY32(off, R) \
	VMOVDQU off(SI), Y0 \
	VPCMPEQB Y8, Y0, Y1 \
	VPCMPEQB Y9, Y0, Y2 \
	VPOR Y2, Y1, Y1 \
	VPCMPEQB Y10, Y0, Y2 \
	VPOR Y2, Y1, Y1 \
	VPCMPEQB Y11, Y0, Y2 \
	VPOR Y2, Y1, Y1 \
	VPMOVMSKB Y1, R

// func anyMaskAVX2(dst []uint64, src []byte, c *[4]byte) int
TEXT ·anyMaskAVX2(SB), NOSPLIT, $0-64
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ src_base+24(FP), SI
	MOVQ c+48(FP), AX
	VPBROADCASTB 0(AX), Y8
	VPBROADCASTB 1(AX), Y9
	VPBROADCASTB 2(AX), Y10
	VPBROADCASTB 3(AX), Y11
	MOVQ CX, BX
	TESTQ CX, CX
	JZ anydone

anyloop:
	ANY32(0, AX)
	ANY32(32, R8)
	SHLQ $32, R8
	ORQ R8, AX
	MOVQ AX, (DI)
	ADDQ $64, SI
	ADDQ $8, DI
	DECQ CX
	JNZ anyloop

anydone:
	VZEROUPPER
	MOVQ BX, ret+56(FP)
	RET
