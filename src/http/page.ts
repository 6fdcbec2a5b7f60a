/**
 * The status page served at `/`: one self-contained HTML document (inline
 * CSS and JS, nothing fetched from elsewhere) that reads the event stream
 * and shows every UPS: status, charge, runtime, load, input voltage and a
 * short history of charge and load. Instant command buttons appear only
 * after a login that upsd.users allows.
 *
 * Each UPS card carries `data-ups` and `data-status` attributes and its
 * status bar is coloured by state (OL green, OB amber, LB/FSD red, other
 * grey), which the browser test checks in a screenshot.
 *
 * @module
 */

/** Points of history kept per UPS in the page (bounded). */
export const HISTORY_POINTS = 120;
/** A history point is also taken this often (120 × 5 s = 10 minutes). */
const HISTORY_TICK_MS = 5000;

const CSS = `
body{font:15px system-ui,sans-serif;margin:0;background:#f4f5f7;color:#222}
header{background:#263238;color:#fff;padding:10px 16px;display:flex;gap:12px;align-items:center}
header h1{font-size:18px;margin:0;flex:1}
header input{width:110px}
#grid{display:flex;flex-wrap:wrap;gap:16px;padding:16px}
.ups{background:#fff;border-radius:6px;box-shadow:0 1px 3px #0003;width:340px;overflow:hidden}
.bar{height:56px;color:#fff;display:flex;align-items:center;padding:0 14px;font-size:22px;font-weight:bold;background:#78909c}
.bar.ol{background:#2e7d32}.bar.ob{background:#ef8f00}.bar.lb{background:#c62828}
.body{padding:10px 14px}
.name{font-weight:bold}.desc{color:#666;font-size:13px}
table{width:100%;border-collapse:collapse;margin:8px 0}td{padding:2px 0}td+td{text-align:right}
svg{width:100%;height:50px;background:#fafafa}
.cmds button{margin:2px}
.legend{font-size:11px;color:#666}.legend .c{color:#2e7d32}.legend .l{color:#1565c0}
#conn{font-size:12px}
`;

const JS = `
const N=${HISTORY_POINTS};const units=new Map();let rights={};
const $=(s,e=document)=>e.querySelector(s);
function card(name){let u=units.get(name);if(u)return u;
 const el=document.createElement('div');el.className='ups';el.dataset.ups=name;
 el.innerHTML='<div class="bar"></div><div class="body"><div class="name"></div><div class="desc"></div>'+
 '<table><tr><td>Charge</td><td class="charge"></td></tr><tr><td>Runtime</td><td class="runtime"></td></tr>'+
 '<tr><td>Load</td><td class="load"></td></tr><tr><td>Input</td><td class="input"></td></tr></table>'+
 '<svg viewBox="0 0 '+N+' 100" preserveAspectRatio="none"><polyline class="hc" fill="none" stroke="#2e7d32" stroke-width="2"/>'+
 '<polyline class="hl" fill="none" stroke="#1565c0" stroke-width="2"/></svg>'+
 '<div class="legend"><span class="c">&#9644;</span> charge <span class="l">&#9644;</span> load, last 10 min</div><div class="cmds"></div></div>';
 $('.name',el).textContent=name;$('#grid').appendChild(el);
 u={el,vars:{},status:'',available:false,cmds:[],hist:[]};units.set(name,u);return u}
function cls(st,avail){const f=st.split(' ');if(!avail)return '';
 if(f.includes('LB')||f.includes('FSD'))return 'lb';if(f.includes('OB'))return 'ob';if(f.includes('OL'))return 'ol';return ''}
function render(name){const u=units.get(name);if(!u)return;const v=u.vars,el=u.el;
 const bar=$('.bar',el);bar.className='bar '+cls(u.status,u.available);
 bar.textContent=u.available?(u.status||'?'):'unavailable';el.dataset.status=u.available?u.status:'';
 $('.desc',el).textContent=u.desc||'';
 $('.charge',el).textContent=v['battery.charge']?v['battery.charge']+' %':'-';
 const rt=v['battery.runtime'];$('.runtime',el).textContent=rt?Math.round(rt/60)+' min':'-';
 $('.load',el).textContent=v['ups.load']?v['ups.load']+' %':'-';
 $('.input',el).textContent=v['input.voltage']?v['input.voltage']+' V':'-';
 const pts=k=>u.hist.map((h,i)=>i+','+(100-(+h[k]||0))).join(' ');
 $('.hc',el).setAttribute('points',pts(0));$('.hl',el).setAttribute('points',pts(1));
 const c=$('.cmds',el);c.textContent='';for(const cmd of (rights[name]||[])){
  const b=document.createElement('button');b.textContent=cmd;b.onclick=()=>instcmd(name,cmd);c.appendChild(b)}}
function sample(u){u.hist.push([u.vars['battery.charge'],u.vars['ups.load']]);if(u.hist.length>N)u.hist.shift()}
function onEvent(e){const u=e.kind==='removed'?units.get(e.ups):card(e.ups);if(!u)return;
 switch(e.kind){
 case 'snapshot':u.vars=e.vars;u.status=e.status;u.available=e.available;u.cmds=e.cmds;u.desc=e.desc;sample(u);break;
 case 'set':u.vars[e.name]=e.value;if(e.name==='battery.charge'||e.name==='ups.load')sample(u);break;
 case 'del':delete u.vars[e.name];break;case 'clear':u.vars={};break;
 case 'status':u.status=e.status;break;case 'state':u.available=e.available;break;
 case 'removed':u.el.remove();units.delete(e.ups);return}
 render(e.ups)}
function connect(){const es=new EventSource('api/v1/events');
 es.onopen=()=>{$('#conn').textContent='live'};es.onerror=()=>{$('#conn').textContent='reconnecting'};
 es.onmessage=m=>onEvent(JSON.parse(m.data))}
async function post(url,body){const r=await fetch(url,{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify(body||{})});return [r.status,await r.json()]}
async function login(ev){ev.preventDefault();const [s,j]=await post('api/v1/login',{username:$('#user').value,password:$('#pass').value});
 if(s!==200){$('#who').textContent='login refused';return}setRights(j)}
function setRights(j){rights=j.commands||{};$('#who').textContent=j.username?'logged in as '+j.username:'';
 $('#login').style.display=j.username?'none':'';$('#logout').style.display=j.username?'':'none';for(const n of units.keys())render(n)}
async function logout(){await post('api/v1/logout');setRights({})}
async function instcmd(ups,cmd){if(!confirm('Run '+cmd+' on '+ups+'?'))return;
 const [s,j]=await post('api/v1/ups/'+encodeURIComponent(ups)+'/instcmd/'+encodeURIComponent(cmd));
 $('#who').textContent=s===200?cmd+': sent':cmd+': '+(j.error||s)}
fetch('api/v1/session').then(r=>r.ok?r.json():{}).then(setRights);
$('#login').onsubmit=login;$('#logout').onclick=logout;connect();
setInterval(()=>{for(const [n,u] of units)if(u.available){sample(u);render(n)}},${HISTORY_TICK_MS});
`;

/** The whole page. */
export const PAGE_HTML = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>UPS status</title><style>${CSS}</style></head>
<body><header><h1>UPS status</h1><span id="conn">connecting</span><span id="who"></span>
<form id="login"><input id="user" placeholder="user" autocomplete="username">
<input id="pass" type="password" placeholder="password" autocomplete="current-password">
<button>Log in</button></form><button id="logout" style="display:none">Log out</button></header>
<div id="grid"></div>
<script>${JS}</script></body></html>
`;
