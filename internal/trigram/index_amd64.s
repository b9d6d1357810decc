#include "textflag.h"

// FILTER sets Y0 to the places among the 32 at off where the bytes at colA (R9) are
// one of Y8, Y9 and those at colB (R10) one of Y10, Y11.
#define FILTER(off) \
	VMOVDQU off(R9)(DI*1), Y0 \
	VMOVDQU off(R10)(DI*1), Y2 \
	VPCMPEQB Y8, Y0, Y4 \
	VPCMPEQB Y9, Y0, Y0 \
	VPOR Y4, Y0, Y0 \
	VPCMPEQB Y10, Y2, Y4 \
	VPCMPEQB Y11, Y2, Y2 \
	VPOR Y4, Y2, Y2 \
	VPAND Y2, Y0, Y0

// FILTER1 is FILTER when Y8 and Y9 are the same byte.
#define FILTER1(off) \
	VMOVDQU off(R9)(DI*1), Y0 \
	VMOVDQU off(R10)(DI*1), Y2 \
	VPCMPEQB Y8, Y0, Y0 \
	VPCMPEQB Y10, Y2, Y4 \
	VPCMPEQB Y11, Y2, Y2 \
	VPOR Y4, Y2, Y2 \
	VPAND Y2, Y0, Y0

// TRI ORs into Y3 the places where the bytes at Y0, Y1, Y2 (offsets 0, 1, 2) are string k.
#define TRI(k) \
	VPBROADCASTB k(CX), Y4 \
	VPCMPEQB Y4, Y0, Y4 \
	VPBROADCASTB 4+k(CX), Y5 \
	VPCMPEQB Y5, Y1, Y5 \
	VPAND Y5, Y4, Y4 \
	VPBROADCASTB 8+k(CX), Y5 \
	VPCMPEQB Y5, Y2, Y5 \
	VPAND Y5, Y4, Y4 \
	VPOR Y4, Y3, Y3

// func indexAVX2(text []byte, tri *[3][4]byte, colA, colB int, f *[2][2]byte) int
TEXT ·indexAVX2(SB), NOSPLIT, $0-64
	MOVQ text_base+0(FP), SI
	MOVQ text_len+8(FP), DX
	MOVQ tri+24(FP), CX
	MOVQ colA+32(FP), R9
	MOVQ colB+40(FP), R10
	MOVQ f+48(FP), AX
	ADDQ SI, R9
	ADDQ SI, R10
	VPBROADCASTB 0(AX), Y8
	VPBROADCASTB 1(AX), Y9
	VPBROADCASTB 2(AX), Y10
	VPBROADCASTB 3(AX), Y11
	XORQ DI, DI
	SUBQ $33, DX // 32 places need 34 bytes: 32 a step while DI < len-33
	MOVQ DX, R11
	SUBQ $32, R11 // 64 a step while DI < len-65
	MOVQ DX, R14
	SUBQ $96, R14 // 128 a step while DI < len-129

	MOVBLZX 0(AX), R12
	MOVBLZX 1(AX), R13
	CMPL R12, R13
	JEQ loop128one

loop64:
	CMPQ DI, R11
	JGE loop32
	FILTER(0)
	VMOVDQA Y0, Y6
	FILTER(32)
	VPOR Y6, Y0, Y0
	VPTEST Y0, Y0
	JNZ loop32 // the filter passes somewhere in the 64: look at them 32 at a time
	ADDQ $64, DI
	JMP loop64

	// loop64 where colA holds one byte (a '-' ending every prefix): one compare less a half,
	// 128 places a step, then 64 and 32 where the filter passes.
loop128one:
	CMPQ DI, R14
	JGE loop64one
	FILTER1(0)
	VMOVDQA Y0, Y6
	FILTER1(32)
	VPOR Y6, Y0, Y6
	FILTER1(64)
	VPOR Y6, Y0, Y6
	FILTER1(96)
	VPOR Y6, Y0, Y0
	VPTEST Y0, Y0
	JNZ loop64one
	ADDQ $128, DI
	JMP loop128one

loop64one:
	CMPQ DI, R11
	JGE loop32
	FILTER1(0)
	VMOVDQA Y0, Y6
	FILTER1(32)
	VPOR Y6, Y0, Y0
	VPTEST Y0, Y0
	JNZ loop32
	ADDQ $64, DI
	JMP loop128one

loop32:
	CMPQ DI, DX
	JGE tail
	FILTER(0)
	VPTEST Y0, Y0
	JZ next32
	VMOVDQU (SI)(DI*1), Y0
	VMOVDQU 1(SI)(DI*1), Y1
	VMOVDQU 2(SI)(DI*1), Y2
	VPXOR Y3, Y3, Y3
	TRI(0)
	TRI(1)
	TRI(2)
	TRI(3)
	VPMOVMSKB Y3, R8
	TESTL R8, R8
	JNZ found

next32:
	ADDQ $32, DI
	CMPL R12, R13
	JEQ loop128one
	JMP loop64

found:
	BSFL R8, R8
	ADDQ R8, DI

tail:
	VZEROUPPER
	MOVQ DI, ret+56(FP)
	RET
