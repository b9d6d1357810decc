const e={key:"{{FASTGPT_KEY}}",url:"http://localhost:3000"};async function t(n){return fetch(`${e.url}/api/v1/chat/completions`,{method:"POST",body:JSON.stringify({q:n})})}const o="https://api.gonkagate.com/v1",s="{{GONKAGATE_KEY}}";async function c(){return fetch(`${o}/models`,{headers:{Authorization:`Bearer ${s}`}})}export{t as ask,c as models};
//# sourceMappingURL=index-3b1f9c.js.map
