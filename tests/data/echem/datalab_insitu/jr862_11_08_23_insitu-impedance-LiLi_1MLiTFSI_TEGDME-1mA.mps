EC-LAB SETTING FILE

Number of linked techniques : 4

Filename : C:\Users\insitu\Documents\EC-Lab\Data\sunita\soft shorts\jr862_11_08_23_insitu-impedance-LiLi_1MLiTFSI_TEGDME-1mA.mps

Device : VSP
CE vs. WE compliance from -10 V to 10 V
Electrode connection : standard
Ewe ctrl range : min = -10.00 V, max = 10.00 V
Safety Limits :
	Do not start on E overload
Electrode material : 
Initial state : 
Electrolyte : 
Comments : Li-ion 18650 1.35 A.h 
Comments : GITT 
Mass of active material : 7000.000 mg
 at x = 1.000
Molecular weight of active material (at x = 0) : 90.930 g/mol
Atomic weight of intercalated ion : 6.940 g/mol
Acquisition started at : xo = 0.900
Number of e- transfered per intercalated ion : 1
for DX = 1, DQ = 1916.936 mA.h
Battery capacity : 0.000 A.h
Electrode surface area : 0.001 cm²
Characteristic mass : 1.500 mg
Record Power
Cycle Definition : Charge/Discharge alternance
Turn to OCV between techniques

Technique : 1
Galvanostatic Cycling with Potential Limitation
Ns                  0                   1                   
Set I/C             I                   I                   
Is                  0.000               0.400               
unit Is             mA                  mA                  
vs.                 <None>              <None>              
N                   1.00                1.00                
I sign              > 0                 > 0                 
t1 (h:m:s)          0:00:0.0000         0:10:0.0000         
I Range             10 mA               10 mA               
Bandwidth           5                   5                   
dE1 (mV)            0.00                10.00               
dt1 (s)             0.0000              10.0000             
EM (V)              0.000               10.000              
tM (h:m:s)          0:00:0.0000         0:00:0.0000         
Im                  0.000               0.000               
unit Im             mA                  mA                  
dI/dt               0.000               0.000               
dunit dI/dt         mA/s                mA/s                
E range min (V)     -10.000             -10.000             
E range max (V)     10.000              10.000              
dq                  0.000               1.000               
unit dq             A.h                 A.h                 
dtq (s)             0.0000              120.0000            
dQM                 0.000               0.000               
unit dQM            mA.h                mA.h                
dxM                 0.000               0.000               
tR (h:m:s)          0:05:0.0000         0:00:0.0000         
dER/dt (mV/h)       0.0                 0.0                 
dER (mV)            10.00               10.00               
dtR (s)             10.0000             1800.0000           
EL (V)              pass                pass                
goto Ns'            0                   0                   
nc cycles           0                   0                   

Technique : 2
Galvano Electrochemical Impedance Spectroscopy
Mode                Single sine         
Is                  0.000               
unit Is             mA                  
vs.                 <None>              
tIs (h:m:s)         0:00:0.0000         
record              0                   
dE (mV)             0.000               
dt (s)              0.000               
fi                  0.500               
unit fi             kHz                 
ff                  0.800               
unit ff             Hz                  
Nd                  3                   
Points              per decade          
spacing             Logarithmic         
Ia/Va               Ia                  
Ia                  100.000             
unit  Ia            µA                  
va pourcent         0.10                
pw                  0.10                
Na                  2                   
corr                0                   
E range min (V)     -10.000             
E range max (V)     10.000              
I Range             10 mA               
Bandwidth           5                   
nc cycles           0                   
goto Ns'            0                   
nr cycles           0                   
inc. cycle          0                   

Technique : 3
Galvanostatic Cycling with Potential Limitation
Ns                  0                   1                   
Set I/C             I                   I                   
Is                  0.000               0.400               
unit Is             mA                  mA                  
vs.                 <None>              <None>              
N                   1.00                1.00                
I sign              > 0                 > 0                 
t1 (h:m:s)          0:00:0.0000         1:00:0.0000         
I Range             10 mA               10 mA               
Bandwidth           5                   5                   
dE1 (mV)            0.00                10.00               
dt1 (s)             0.0000              10.0000             
EM (V)              0.000               10.000              
tM (h:m:s)          0:00:0.0000         0:00:0.0000         
Im                  0.000               0.000               
unit Im             mA                  mA                  
dI/dt               0.000               0.000               
dunit dI/dt         mA/s                mA/s                
E range min (V)     -10.000             -10.000             
E range max (V)     10.000              10.000              
dq                  0.000               1.000               
unit dq             A.h                 A.h                 
dtq (s)             0.0000              120.0000            
dQM                 0.000               0.000               
unit dQM            mA.h                mA.h                
dxM                 0.000               0.000               
tR (h:m:s)          0:00:0.0000         0:00:0.0000         
dER/dt (mV/h)       0.0                 0.0                 
dER (mV)            10.00               10.00               
dtR (s)             10.0000             1800.0000           
EL (V)              pass                pass                
goto Ns'            0                   0                   
nc cycles           0                   0                   

Technique : 4
Loop
goto Ne             2                   
nt times            44                  
