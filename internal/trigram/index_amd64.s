#include "textflag.h"

// func indexAVX2(text []byte, b0, b1, b2 *[4]byte, col int, f *[2]byte) int
TEXT ·indexAVX2(SB), NOSPLIT, $0-72
	MOVQ text_base+0(FP), SI
	MOVQ text_len+8(FP), DX
	MOVQ b0+24(FP), AX
	MOVQ b1+32(FP), BX
	MOVQ b2+40(FP), CX
	MOVQ col+48(FP), R9
	MOVQ f+56(FP), R10
	ADDQ SI, R9 // the filter's column: SI+col
	VPBROADCASTB 0(R10), Y14
	VPBROADCASTB 1(R10), Y15
	VPBROADCASTB 0(AX), Y6
	VPBROADCASTB 1(AX), Y7
	VPBROADCASTB 2(AX), Y8
	VPBROADCASTB 3(AX), Y9
	VPBROADCASTB 0(BX), Y10
	VPBROADCASTB 1(BX), Y11
	VPBROADCASTB 2(BX), Y12
	VPBROADCASTB 3(BX), Y13
	// The third bytes are compared from memory: sixteen registers hold the rest.
	XORQ DI, DI
	SUBQ $33, DX // 32 places need 34 bytes: look while DI < len-33
	MOVQ DX, R11
	SUBQ $32, R11 // 64 places: while DI < len-65
	MOVBLZX 0(R10), AX
	MOVBLZX 1(R10), R12
	XORQ R13, R13 // 1: the two filter bytes are one
	CMPL AX, R12
	JNE loop2
	MOVQ $1, R13

	// One filter byte: 64 places a step while they fit, with one compare each half.
loop1:
	CMPQ DI, R11
	JGE loop
	VMOVDQU (R9)(DI*1), Y0
	VMOVDQU 32(R9)(DI*1), Y1
	VPCMPEQB Y14, Y0, Y0
	VPCMPEQB Y14, Y1, Y1
	VPOR Y1, Y0, Y0
	VPTEST Y0, Y0
	JNZ loop // a filter byte stands in the 64: look at them 32 at a time
	ADDQ $64, DI
	JMP loop1

	// Two filter bytes, 64 places a step.
loop2:
	CMPQ DI, R11
	JGE loop
	VMOVDQU (R9)(DI*1), Y0
	VMOVDQU 32(R9)(DI*1), Y1
	VPCMPEQB Y14, Y0, Y2
	VPCMPEQB Y15, Y0, Y0
	VPCMPEQB Y14, Y1, Y3
	VPCMPEQB Y15, Y1, Y1
	VPOR Y2, Y0, Y0
	VPOR Y3, Y1, Y1
	VPOR Y1, Y0, Y0
	VPTEST Y0, Y0
	JNZ loop
	ADDQ $64, DI
	JMP loop2

	// Back to 64 places a step after 32 looked at one by one.
again:
	TESTQ R13, R13
	JNZ loop1
	JMP loop2

	// 32 places a step, testing the strings where a filter byte stands.
loop:
	CMPQ DI, DX
	JGE tail
	VMOVDQU (R9)(DI*1), Y0
	VPCMPEQB Y14, Y0, Y1
	VPCMPEQB Y15, Y0, Y2
	VPOR Y2, Y1, Y1
	VPTEST Y1, Y1
	JNZ test
	ADDQ $32, DI
	JMP again

test:
	VMOVDQU (SI)(DI*1), Y0
	VMOVDQU 1(SI)(DI*1), Y1
	VMOVDQU 2(SI)(DI*1), Y2
	VPXOR Y3, Y3, Y3
	VPBROADCASTB 0(CX), Y4
	VPCMPEQB Y4, Y2, Y4
	VPCMPEQB Y6, Y0, Y5
	VPAND Y5, Y4, Y4
	VPCMPEQB Y10, Y1, Y5
	VPAND Y5, Y4, Y4
	VPOR Y4, Y3, Y3
	VPBROADCASTB 1(CX), Y4
	VPCMPEQB Y4, Y2, Y4
	VPCMPEQB Y7, Y0, Y5
	VPAND Y5, Y4, Y4
	VPCMPEQB Y11, Y1, Y5
	VPAND Y5, Y4, Y4
	VPOR Y4, Y3, Y3
	VPBROADCASTB 2(CX), Y4
	VPCMPEQB Y4, Y2, Y4
	VPCMPEQB Y8, Y0, Y5
	VPAND Y5, Y4, Y4
	VPCMPEQB Y12, Y1, Y5
	VPAND Y5, Y4, Y4
	VPOR Y4, Y3, Y3
	VPBROADCASTB 3(CX), Y4
	VPCMPEQB Y4, Y2, Y4
	VPCMPEQB Y9, Y0, Y5
	VPAND Y5, Y4, Y4
	VPCMPEQB Y13, Y1, Y5
	VPAND Y5, Y4, Y4
	VPOR Y4, Y3, Y3
	VPMOVMSKB Y3, R8
	TESTL R8, R8
	JNZ found
	ADDQ $32, DI
	JMP again

found:
	BSFL R8, R8
	ADDQ R8, DI

tail:
	VZEROUPPER
	MOVQ DI, ret+64(FP)
	RET
